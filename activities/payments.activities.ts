import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Cents } from '../libs/domain/src';

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
        `INSERT INTO payment_orders (id, grant_id, amount_cents, payee_association_id, binome_id, year)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (grant_id) DO NOTHING`,
        [`po-${randomUUID()}`, request.grantId, request.amountCents, request.associationId, request.binomeId, request.year],
      );
      const [order]: { id: string }[] = await dataSource.query('SELECT id FROM payment_orders WHERE grant_id = $1', [
        request.grantId,
      ]);
      return { paymentOrderId: order.id };
    },
  };
}
