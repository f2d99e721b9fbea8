import { Injectable } from '@nestjs/common';
import { AnnualReport, DomainError, Principal, annualReport, isBinomeRole, reportYearProblem } from '@grants/domain';
import { AnnualReportRepository } from '@grants/persistence';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * The territory's annual report, folded from the event log on each request (a past year always gives
 * the same figures). Read by the territory's binôme, the associations acting there (the Copil's
 * association college), funders, auditors and admins.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly reports: AnnualReportRepository) {}

  async annual(principal: Principal, territoryId: string, yearText: string): Promise<AnnualReport> {
    if (isBinomeRole(principal.role) && principal.territory !== territoryId) {
      throw new DomainError('forbidden', "a binôme reads its own territory's report only");
    }
    if (principal.role === 'association' && !(ID.test(territoryId) && (await this.reports.associationActsIn(principal.org!, territoryId)))) {
      throw new DomainError('forbidden', 'an association reads the reports of the territories where it acts only');
    }
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    const problem = reportYearProblem(year);
    if (problem) throw new DomainError('validation', problem);
    const loaded = ID.test(territoryId) ? await this.reports.load(territoryId, year) : null;
    if (!loaded) throw new DomainError('not_found', `no territory ${territoryId}`);
    return annualReport(loaded.streams, loaded.context);
  }
}
