import { DataSource } from 'typeorm';
import { CoordinationMeetingInput } from '@grants/contracts';

export interface CoordinationDeps {
  dataSource: DataSource;
}

export function createCoordinationActivities({ dataSource }: CoordinationDeps) {
  return {
    /** Stores the meeting once (its id is the key); a retry finds it. */
    async recordCoordinationMeeting(meeting: CoordinationMeetingInput): Promise<void> {
      await dataSource.query(
        `INSERT INTO coordination_meetings (id, territory_id, date, topic, attendee_ids, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [meeting.meetingId, meeting.territoryId, meeting.date, meeting.topic, meeting.attendeeAssociationIds, meeting.recordedBy],
      );
    },

    /** The live token-mode agreements of these associations in this territory: those a meeting credits. */
    async findTokenAgreements(request: { territoryId: string; associationIds: string[] }): Promise<string[]> {
      const rows: { id: string }[] = await dataSource.query(
        `SELECT g.id FROM grants g
           JOIN grant_events e ON e.grant_id = g.id AND e.type = 'AgreementProposed'
          WHERE g.kind = 'anchoring_agreement' AND g.status IN ('active', 'report_overdue')
            AND g.territory_id = $1 AND g.association_id = ANY($2)
            AND e.payload -> 'coordination' ->> 'mode' = 'tokens'
          ORDER BY g.id`,
        [request.territoryId, request.associationIds],
      );
      return rows.map((r) => r.id);
    },

    async markMeetingCredited(request: { meetingId: string; agreementIds: string[] }): Promise<void> {
      await dataSource.query('UPDATE coordination_meetings SET credited_agreement_ids = $2 WHERE id = $1', [request.meetingId, request.agreementIds]);
    },
  };
}
