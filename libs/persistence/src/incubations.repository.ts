import { DataSource, EntityManager } from 'typeorm';

/** What the incubation reads across projects. */
export class IncubationsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** How many running projects (not graduated, not withdrawn) each association mentors now: its latest assignment per project. */
  async activeMentees(): Promise<Record<string, number>> {
    const rows: { mentor: string; mentees: number }[] = await this.db.query(
      `SELECT mentor, count(*)::int AS mentees FROM (
         SELECT DISTINCT ON (e.grant_id) e.payload ->> 'mentorAssociationId' AS mentor
           FROM grant_events e JOIN grants g ON g.id = e.grant_id
          WHERE e.type = 'MentorAssigned' AND g.kind = 'incubation' AND g.status NOT IN ('graduated', 'withdrawn')
          ORDER BY e.grant_id, e.seq DESC) latest
       GROUP BY mentor`,
    );
    return Object.fromEntries(rows.map((r) => [r.mentor, r.mentees]));
  }
}
