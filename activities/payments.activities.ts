import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Cents } from '@grants/domain';
import { PaymentOrderCommand } from '@grants/contracts';

export interface PaymentDeps {
  dataSource: DataSource;
}

export interface PaymentOrderRequest {
  grantId: string;
  amountCents: Cents;
  associationId: string;
  binomeId: string;
  year: number;
}

export function createPaymentActivities({ dataSource }: PaymentDeps) {
  return {
    /** Orders the payment of a grant: exactly one row per grant (a unique constraint backs it). */
    async issuePaymentOrder(request: PaymentOrderRequest): Promise<{ paymentOrderId: string }> {
      await dataSource.query(
        `INSERT INTO payment_orders (id, grant_id, amount_cents, payee_association_id, binome_id, year, order_key)
         VALUES ($1, $2, $3, $4, $5, $6, $2)
         ON CONFLICT (order_key) DO NOTHING`,
        [`po-${randomUUID()}`, request.grantId, request.amountCents, request.associationId, request.binomeId, request.year],
      );
      const [order]: { id: string }[] = await dataSource.query('SELECT id FROM payment_orders WHERE order_key = $1', [request.grantId]);
      return { paymentOrderId: order.id };
    },

    /** Orders one payment of a call's grant (a stipend, a member's tranche): exactly one row per order key. */
    async orderPayment(command: PaymentOrderCommand): Promise<{ paymentOrderId: string }> {
      await dataSource.query(
        `INSERT INTO payment_orders (id, grant_id, amount_cents, payee_association_id, order_key, purpose, split, funder_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (order_key) DO NOTHING`,
        [
          `po-${randomUUID()}`,
          command.grantId,
          command.amountCents,
          command.payeeAssociationId,
          command.orderKey,
          command.purpose,
          command.split ? JSON.stringify(command.split) : null,
          command.funderId ?? null,
        ],
      );
      const [order]: { id: string }[] = await dataSource.query('SELECT id FROM payment_orders WHERE order_key = $1', [command.orderKey]);
      return { paymentOrderId: order.id };
    },
  };
}
