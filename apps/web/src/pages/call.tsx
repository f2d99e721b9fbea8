import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, FundingPlanTable, StatusBadge, Table } from '../components/data';
import { Button } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { NotFound } from './not-found';
import { AssociationSteps, AttendanceForm, AwardsForm, ScheduleMeetupForm, ShortlistForm } from './call-steps';

type Call = Schemas['CallStateDto'];

/**
 * A call for projects as its reader sees it: its terms and deadlines; the funding plan with each
 * funder's line accepted or awaited (a funder accepts its own here); the meetups, where an invited
 * association answers whether it comes and its managers record who came; consortia formed and
 * invitations answered; expressions of interest; the shortlist and the awards its managers decide
 * (with the double-funding flags beside each proposal); the applications (an association: its own),
 * each opening its page.
 */
export function CallPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, euros, date, dateTime } = useI18n();
  const funders = useQuery({ queryKey: ['funders'], queryFn: () => call(api.GET('/funders')) });
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  const state = useQuery({
    queryKey: ['call', id],
    queryFn: () => call(api.GET('/calls/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  if (state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 403)) {
    return <NotFound title={t('call.notFound')} body={t('grant.notFoundBody')} />;
  }
  if (state.isPending) return <Loading />;
  if (state.error) return <ErrorAlert error={state.error} />;
  const view = state.data;
  const funderName = (funderId: string) => funders.data?.find((f) => f.id === funderId)?.name ?? funderId;
  const associationName = (associationId: string) => associations.data?.find((a) => a.id === associationId)?.name ?? associationId;
  const accepted = new Set(view.fundersAccepted ?? view.fundingPlan.map((line) => line.funderId));
  const invitedAssociation = me.role === 'association' && me.organisation?.id && view.invited.includes(me.organisation.id) ? me.organisation.id : undefined;
  const manager =
    me.role === 'admin' ||
    (me.role === 'project_lead' && !!me.territory?.id && view.territories.includes(me.territory.id)) ||
    (me.role === 'funder' && view.fundingPlan.some((line) => line.funderId === me.organisation?.id));
  const applicant = (a: Call['applications'][number]) => view.consortia.find((c) => c.id === a.consortiumId)?.name ?? a.members.map(associationName).join(', ');
  return (
    <Page title={view.title}>
      <Facts
        items={[
          [
            t('call.phase'),
            <span key="p" className="badge badge-info">
              {t(`call.phase.${view.phase}` as MessageKey)}
            </span>,
          ],
          [t('call.budget'), euros(view.budgetCents)],
          [t('call.meetups'), t('agreement.periodValue', { from: date(view.meetupWindow.startsAt), to: date(view.meetupWindow.endsAt) })],
          [t('call.eoiDeadline'), dateTime(view.eoiDeadline)],
          [t('call.proposalDeadline'), dateTime(view.proposalDeadline)],
          [t('call.preselection'), view.paidPreselection ? t('call.preselectionPaid') : t('call.preselectionNone')],
          [t('call.targetPublic'), view.targetPublic],
          [t('call.themes'), view.themes.join(', ')],
        ]}
      />
      <FundingLine view={view} me={me} funderName={funderName} />
      <FundingPlanTable lines={view.fundingPlan} accepted={accepted} funderName={funderName} caption={t('call.planCaption')} amountLabel={t('grant.amount')} />
      <Meetups view={view} associationId={invitedAssociation} manager={manager} name={associationName} />
      {manager && view.phase === 'open' && <ScheduleMeetupForm view={view} />}
      {invitedAssociation && <AssociationSteps view={view} associationId={invitedAssociation} name={associationName} />}
      {view.consortia.length > 0 && (
        <section aria-labelledby="consortia">
          <h2 id="consortia">{me.role === 'association' ? t('call.myConsortium') : t('call.consortia')}</h2>
          <ul className="cards">
            {view.consortia.map((c) => (
              <li key={c.id} className="card">
                <h3>{c.name}</h3>
                <p>{t('call.members', { members: c.members.map(associationName).join(', ') })}</p>
                {c.invitations.some((i) => i.status === 'pending') && (
                  <p>
                    {t('call.invitationsPending', {
                      who: c.invitations
                        .filter((i) => i.status === 'pending')
                        .map((i) => associationName(i.associationId))
                        .join(', '),
                    })}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="applications">
        <h2 id="applications">{t('call.applications')}</h2>
        {view.applications.length === 0 ? (
          <p>{t('call.noApplication')}</p>
        ) : (
          <Table caption={t('call.applicationsCaption')} head={[t('call.consortium'), t('grant.status'), t('call.requested'), t('call.awarded')]}>
            {view.applications.map((a) => (
              <tr key={a.id}>
                <td data-label={t('call.consortium')}>
                  <Link to={`/candidatures/${a.id}`}>{applicant(a)}</Link>
                </td>
                <td data-label={t('grant.status')}>
                  <StatusBadge status={a.status} />
                </td>
                <td data-label={t('call.requested')} className="number">
                  {a.requestedAmountCents !== undefined ? euros(a.requestedAmountCents) : '—'}
                </td>
                <td data-label={t('call.awarded')} className="number">
                  {a.awardCents !== undefined ? euros(a.awardCents) : '—'}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
      {manager && view.phase === 'preselection' && !view.shortlist && <ShortlistForm view={view} name={associationName} />}
      {manager && view.phase === 'deciding' && !view.awards && <AwardsForm view={view} name={associationName} />}
      {view.shortlist && (
        <section aria-labelledby="shortlist">
          <h2 id="shortlist">{t('shortlist.decided')}</h2>
          <ul>
            {view.shortlist.map((d) => {
              const a = view.applications.find((x) => x.id === d.applicationId);
              return (
                <li key={d.applicationId}>
                  {t(d.shortlisted ? 'shortlist.keptLine' : 'shortlist.notKeptLine', { who: a ? applicant(a) : d.applicationId, reason: d.reason })}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {view.decisionReason && (
        <section aria-labelledby="decision">
          <h2 id="decision">{t('awards.decided')}</h2>
          <p className="pre-line">{view.decisionReason}</p>
        </section>
      )}
    </Page>
  );
}

/** What the funding plan awaits, and a funder's own line to accept. */
function FundingLine({ view, me, funderName }: { view: Call; me: Me; funderName: (id: string) => string }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const accept = useMutation({
    mutationFn: () => call(api.POST('/calls/{id}/funding-line/accept', { params: { path: { id: view.id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['call', view.id] }),
  });
  const awaiting = view.awaitingFunders ?? [];
  if (!awaiting.length && !accept.isSuccess) return null;
  const mine = me.role === 'funder' && me.organisation?.id && awaiting.includes(me.organisation.id);
  return (
    <section aria-labelledby="awaiting" className="panel">
      <h2 id="awaiting">{t('agreement.actions')}</h2>
      {accept.isSuccess && <Alert kind="success">{t('agreement.recorded')}</Alert>}
      {accept.error && <ErrorAlert error={accept.error} />}
      {awaiting.length > 0 && <p>{t('call.awaitingFunders', { funders: awaiting.map(funderName).join(', ') })}</p>}
      {mine && (
        <p>
          <Button onClick={() => accept.mutate()} disabled={accept.isPending}>
            {t('agreement.acceptLine')}
          </Button>
        </p>
      )}
    </section>
  );
}

/** The meetups; an invited association says whether it comes (it sees its own answer only); its managers record who came. */
function Meetups({ view, associationId, manager, name }: { view: Call; associationId?: string; manager: boolean; name: (id: string) => string }) {
  const { t, dateTime } = useI18n();
  const queries = useQueryClient();
  const answer = useMutation({
    mutationFn: ({ meetupId, attending }: { meetupId: string; attending: boolean }) =>
      call(api.POST('/calls/{id}/meetups/{meetupId}/rsvp', { params: { path: { id: view.id, meetupId } }, body: { attending } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['call', view.id] }),
  });
  return (
    <section aria-labelledby="meetups">
      <h2 id="meetups">{t('call.meetupsTitle')}</h2>
      {answer.error && <ErrorAlert error={answer.error} />}
      {view.meetups.length === 0 ? (
        <p>{t('call.noMeetup')}</p>
      ) : (
        <ul className="cards">
          {view.meetups.map((m) => {
            const mine = associationId ? m.rsvps.find((r) => r.associationId === associationId) : undefined;
            const attending = m.rsvps.filter((r) => r.attending).length;
            return (
              <li key={m.id} className="card">
                <h3>
                  <time dateTime={m.at}>{dateTime(m.at)}</time>, {m.place}
                </h3>
                {associationId ? (
                  <>
                    <p>{mine ? (mine.attending ? t('call.youAttend') : t('call.youDoNotAttend')) : t('call.noAnswer')}</p>
                    {view.phase === 'open' && (
                      <p className="actions">
                        <Button onClick={() => answer.mutate({ meetupId: m.id, attending: true })} disabled={answer.isPending || mine?.attending === true}>
                          {t('call.attend')}
                        </Button>
                        <Button
                          variant="secondary"
                          onClick={() => answer.mutate({ meetupId: m.id, attending: false })}
                          disabled={answer.isPending || mine?.attending === false}
                        >
                          {t('call.notAttend')}
                        </Button>
                      </p>
                    )}
                  </>
                ) : (
                  !m.attendees && <p>{t('call.attending', { count: attending, invited: view.invited.length })}</p>
                )}
                {m.attendees && <p>{m.attendees.length ? t('meetup.came', { who: m.attendees.map(name).join(', ') }) : t('meetup.nobodyCame')}</p>}
                {manager && !m.attendees && Date.parse(m.at) <= Date.now() && <AttendanceForm view={view} meetup={m} name={name} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
