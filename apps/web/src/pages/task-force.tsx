import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Table } from '../components/data';
import { Button, Field, Select, TextsForm } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { Timeline } from './micro-grant';
import { NotFound } from './not-found';
import { TaskForceStatus } from './task-forces';

type TaskForce = Schemas['TaskForceDto'];
type Member = TaskForce['members'][number];

/**
 * A neighbourhood task force: its members and their answers (an invited organisation answers here),
 * its kick-off, the action log its members keep, the monthly check-ins, the mid-term review, its one
 * extension, its final report; everything the pilot records, and the timeline.
 */
export function TaskForcePage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, date } = useI18n();
  const queries = useQueryClient();
  const taskForce = useQuery({
    queryKey: ['task-force', id],
    queryFn: () => call(api.GET('/task-forces/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['task-force', id] }),
      queries.invalidateQueries({ queryKey: ['events', id] }),
      queries.invalidateQueries({ queryKey: ['task-forces'] }),
    ]);
  if (taskForce.error instanceof ApiError && (taskForce.error.status === 404 || taskForce.error.status === 403)) {
    return <NotFound title={t('taskForce.notFound')} body={t('grant.notFoundBody')} />;
  }
  if (taskForce.isPending) return <Loading />;
  if (taskForce.error) return <ErrorAlert error={taskForce.error} />;
  const tf = taskForce.data;
  const pilot = (me.role === 'project_lead' && me.territory?.id === tf.territoryId) || me.role === 'admin';
  const kind = me.role === 'association' ? 'association' : me.role === 'funder' ? 'signatory' : undefined;
  const mine = tf.members.find((m) => m.kind === kind && m.organisationId === me.organisation?.id);
  const running = tf.status === 'active' || tf.status === 'reporting';
  const ended = tf.status === 'closed' || tf.status === 'cancelled';
  const accepted = tf.members.filter((m) => m.status === 'accepted').length;
  const path = { params: { path: { id } } };
  return (
    <Page title={tf.title}>
      <Facts
        items={[
          [t('grant.status'), <TaskForceStatus key="s" status={tf.status} />],
          [t('taskForce.qpv'), tf.qpv],
          [t('taskForce.problem'), tf.problem],
          [t('taskForce.pilot'), tf.members.find((m) => m.kind === 'pilot')?.name ?? tf.pilotId],
          [
            t('taskForce.duration'),
            t('taskForce.months', { count: tf.durationMonths }) + (tf.extension ? ` ${t('taskForce.extendedBy', { count: tf.extension.months })}` : ''),
          ],
          [t('taskForce.kickOff'), tf.kickOff ? date(tf.kickOff.heldOn) : t('taskForce.notYet')],
          [t('taskForce.midTerm'), tf.midTermDueAt ? date(tf.midTermDueAt) : '—'],
          [t('taskForce.end'), tf.endsAt ? date(tf.endsAt) : '—'],
        ]}
      />
      {tf.cancellation && <Alert kind="warning">{t('taskForce.cancelled', { reason: tf.cancellation.reason })}</Alert>}
      {tf.status === 'reporting' && (
        <Alert kind={tf.finalReportOverdueAt ? 'warning' : 'info'}>{tf.finalReportOverdueAt ? t('taskForce.reportOverdue') : t('taskForce.reportDue')}</Alert>
      )}
      {mine?.status === 'invited' && !ended && <Invitation tf={tf} member={mine} done={refresh} />}
      <Members tf={tf} pilot={pilot && !ended} done={refresh} />
      {pilot && !ended && tf.status !== 'reporting' && tf.members.filter((m) => m.status !== 'declined').length < 8 && <InviteForm tf={tf} done={refresh} />}
      {pilot && tf.status === 'forming' && (
        <TextsForm
          id="kick-off"
          title={t('taskForce.kickOffTitle')}
          fields={[{ name: 'summary', label: t('taskForce.kickOffSummary'), hint: t('taskForce.kickOffHint', { accepted }), required: true }]}
          submitLabel={t('taskForce.kickOffSubmit')}
          submit={async ({ summary }) => {
            await call(api.POST('/task-forces/{id}/kick-off', { ...path, body: { summary } }));
            await refresh();
          }}
        />
      )}
      {tf.kickOff && (
        <section aria-labelledby="kick-off-summary">
          <h2 id="kick-off-summary">{t('taskForce.kickOffTitle')}</h2>
          <p className="pre-line">{tf.kickOff.summary}</p>
        </section>
      )}
      {tf.checkIns.length > 0 && <CheckIns tf={tf} pilot={pilot && running} done={refresh} />}
      {tf.kickOff && <ActionLog tf={tf} mayWrite={running && (pilot || mine?.status === 'accepted')} done={refresh} />}
      {tf.midTermReview ? (
        <section aria-labelledby="mid-term">
          <h2 id="mid-term">{t('taskForce.midTermTitle')}</h2>
          <p className="pre-line">{tf.midTermReview.assessment}</p>
          {tf.midTermReview.adjustments && <p className="pre-line">{t('taskForce.adjustmentsValue', { adjustments: tf.midTermReview.adjustments })}</p>}
        </section>
      ) : (
        pilot &&
        running && (
          <TextsForm
            id="mid-term"
            title={t('taskForce.midTermTitle')}
            collapsed={!tf.midTermRemindedAt}
            fields={[
              { name: 'assessment', label: t('taskForce.assessment'), required: true },
              { name: 'adjustments', label: t('taskForce.adjustments') },
            ]}
            submitLabel={t('taskForce.midTermSubmit')}
            submit={async (v) => {
              await call(api.POST('/task-forces/{id}/mid-term-review', { ...path, body: v }));
              await refresh();
            }}
          />
        )
      )}
      {pilot && running && !tf.extension && <ExtensionForm tf={tf} done={refresh} />}
      {tf.finalReport && (
        <section aria-labelledby="final-report">
          <h2 id="final-report">{t('taskForce.finalReportTitle')}</h2>
          <h3>{t('taskForce.coordinated')}</h3>
          <p className="pre-line">{tf.finalReport.coordinated}</p>
          <h3>{t('taskForce.scaleUp')}</h3>
          <p className="pre-line">{tf.finalReport.scaleUp}</p>
        </section>
      )}
      {pilot && running && (
        <TextsForm
          id="final-report-form"
          title={t('taskForce.finalReportTitle')}
          collapsed={tf.status !== 'reporting' && !tf.endRemindedAt}
          fields={[
            { name: 'coordinated', label: t('taskForce.coordinated'), required: true, maxLength: 8000 },
            { name: 'scaleUp', label: t('taskForce.scaleUp'), hint: t('taskForce.scaleUpHint'), required: true, maxLength: 8000 },
          ]}
          submitLabel={t('taskForce.finalReportSubmit')}
          submit={async (v) => {
            await call(api.POST('/task-forces/{id}/final-report', { ...path, body: v }));
            await refresh();
          }}
        />
      )}
      {pilot && !ended && (
        <TextsForm
          id="cancel"
          title={t('taskForce.cancelTitle')}
          collapsed
          fields={[{ name: 'reason', label: t('taskForce.cancelReason'), required: true, maxLength: 2000 }]}
          submitLabel={t('taskForce.cancelSubmit')}
          variant="danger"
          submit={async (v) => {
            await call(api.POST('/task-forces/{id}/cancel', { ...path, body: v }));
            await refresh();
          }}
        />
      )}
      <Timeline id={tf.id} />
    </Page>
  );
}

function memberStatus(t: ReturnType<typeof useI18n>['t'], date: (iso: string) => string, m: Member): string {
  if (m.kind === 'pilot') return t('taskForce.member.pilot');
  if (m.status === 'accepted') return t('taskForce.member.accepted', { date: date(m.answeredAt!) });
  if (m.status === 'declined') return t('taskForce.member.declined', { reason: m.declineReason ?? '' });
  return m.remindedAt ? t('taskForce.member.reminded') : t('taskForce.member.invited');
}

function Members({ tf, pilot, done }: { tf: TaskForce; pilot: boolean; done: () => Promise<unknown> }) {
  const { t, date } = useI18n();
  const answer = useMutation({
    mutationFn: (memberId: string) => call(api.POST('/task-forces/{id}/members/{memberId}/accept', { params: { path: { id: tf.id, memberId } } })),
    onSuccess: done,
  });
  const accepted = tf.members.filter((m) => m.status === 'accepted').length;
  return (
    <section aria-labelledby="members">
      <h2 id="members">{t('taskForce.members')}</h2>
      {answer.error && <ErrorAlert error={answer.error} />}
      <Table
        caption={t('taskForce.membersCaption', { accepted, seated: tf.members.filter((m) => m.status !== 'declined').length })}
        head={[t('taskForce.member'), t('taskForce.member.kind'), t('grant.status'), '']}
      >
        {tf.members.map((m) => (
          <tr key={m.memberId}>
            <td data-label={t('taskForce.member')}>
              {m.name}
              {m.contact ? ` (${m.contact})` : ''}
            </td>
            <td data-label={t('taskForce.member.kind')}>{t(`taskForce.kind.${m.kind}` as MessageKey)}</td>
            <td data-label={t('grant.status')}>{memberStatus(t, date, m)}</td>
            <td data-label="">
              {pilot && m.kind === 'service' && m.status === 'invited' && (
                <Button variant="secondary" onClick={() => answer.mutate(m.memberId)} disabled={answer.isPending}>
                  {t('taskForce.recordAcceptance', { name: m.name })}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

/** The invitation of the organisation signed in: accept it, or decline it with a reason. */
function Invitation({ tf, member, done }: { tf: TaskForce; member: Member; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const accept = useMutation({
    mutationFn: () => call(api.POST('/task-forces/{id}/members/{memberId}/accept', { params: { path: { id: tf.id, memberId: member.memberId } } })),
    onSuccess: done,
  });
  return (
    <>
      <section aria-labelledby="invitation" className="panel">
        <h2 id="invitation">{t('taskForce.invitationTitle')}</h2>
        <p>{t('taskForce.invitationBody', { name: member.name })}</p>
        {accept.error && <ErrorAlert error={accept.error} />}
        <Button onClick={() => accept.mutate()} disabled={accept.isPending}>
          {t('taskForce.accept')}
        </Button>
      </section>
      <TextsForm
        id="decline"
        title={t('taskForce.declineTitle')}
        collapsed
        fields={[{ name: 'reason', label: t('taskForce.declineReason'), required: true, maxLength: 2000 }]}
        submitLabel={t('taskForce.decline')}
        variant="secondary"
        submit={async (v) => {
          await call(api.POST('/task-forces/{id}/members/{memberId}/decline', { params: { path: { id: tf.id, memberId: member.memberId } }, body: v }));
          await done();
        }}
      />
    </>
  );
}

/** The pilot invites another member: an association of the territory, a signatory, or a service. */
function InviteForm({ tf, done }: { tf: TaskForce; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const associations = useQuery({
    queryKey: ['associations', tf.territoryId],
    queryFn: () => call(api.GET('/associations', { params: { query: { territory: tf.territoryId } } })),
  });
  const funders = useQuery({ queryKey: ['funders'], queryFn: () => call(api.GET('/funders')) });
  const seated = new Set(tf.members.filter((m) => m.status !== 'declined').map((m) => m.organisationId));
  const choices = [
    ...(associations.data ?? []).filter((a) => !seated.has(a.id)).map((a) => ({ value: `association:${a.id}`, label: a.name })),
    ...(funders.data ?? []).filter((f) => !seated.has(f.id)).map((f) => ({ value: `signatory:${f.id}`, label: f.name })),
  ];
  const [choice, setChoice] = useState('');
  const invite = useMutation({
    mutationFn: (value: string) => {
      const [kind, organisationId] = value.split(':') as ['association' | 'signatory', string];
      return call(api.POST('/task-forces/{id}/members', { params: { path: { id: tf.id } }, body: { kind, organisationId } }));
    },
    onSuccess: done,
  });
  if (!choices.length) return null;
  return (
    <section aria-labelledby="invite" className="panel">
      <h2 id="invite">{t('taskForce.inviteTitle')}</h2>
      {invite.isSuccess && <Alert kind="success">{t('agreement.recorded')}</Alert>}
      {invite.error && <ErrorAlert error={invite.error} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          invite.mutate(choice || choices[0].value);
        }}
        noValidate
      >
        <Field name="invitee" label={t('taskForce.invitee')}>
          {(props) => (
            <Select {...props} value={choice || choices[0].value} onChange={(e) => setChoice(e.target.value)}>
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button type="submit" variant="secondary" disabled={invite.isPending}>
          {t('taskForce.invite')}
        </Button>
      </form>
    </section>
  );
}

function CheckIns({ tf, pilot, done }: { tf: TaskForce; pilot: boolean; done: () => Promise<unknown> }) {
  const { t, date } = useI18n();
  const pending = tf.checkIns.filter((c) => !c.heldAt);
  const [n, setN] = useState('');
  const chosen = Number(n || pending[0]?.n);
  return (
    <section aria-labelledby="check-ins">
      <h2 id="check-ins">{t('taskForce.checkIns')}</h2>
      <Table caption={t('taskForce.checkInsCaption')} head={[t('taskForce.checkIn'), t('incubation.due'), t('grant.status')]}>
        {tf.checkIns.map((c) => (
          <tr key={c.n}>
            <td data-label={t('taskForce.checkIn')}>{t('taskForce.checkInN', { n: c.n })}</td>
            <td data-label={t('incubation.due')}>{date(c.dueAt)}</td>
            <td data-label={t('grant.status')}>
              {c.heldAt
                ? `${t('taskForce.checkIn.held', { date: date(c.heldAt) })} — ${c.summary}`
                : c.missed
                  ? t('taskForce.checkIn.missed')
                  : t('taskForce.checkIn.upcoming')}
            </td>
          </tr>
        ))}
      </Table>
      {pilot && pending.length > 0 && (
        <TextsForm
          id="check-in"
          title={t('taskForce.checkInTitle')}
          before={
            <Field name="check-in-n" label={t('taskForce.checkIn')}>
              {(props) => (
                <Select {...props} value={String(chosen)} onChange={(e) => setN(e.target.value)}>
                  {pending.map((c) => (
                    <option key={c.n} value={c.n}>
                      {t('taskForce.checkInN', { n: c.n })} — {date(c.dueAt)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          }
          fields={[{ name: 'summary', label: t('taskForce.checkInSummary'), required: true }]}
          submitLabel={t('taskForce.checkInSubmit')}
          submit={async ({ summary }) => {
            await call(api.POST('/task-forces/{id}/check-ins/{n}', { params: { path: { id: tf.id, n: chosen } }, body: { summary } }));
            setN('');
            await done();
          }}
        />
      )}
    </section>
  );
}

function ActionLog({ tf, mayWrite, done }: { tf: TaskForce; mayWrite: boolean; done: () => Promise<unknown> }) {
  const { t, date } = useI18n();
  const name = (memberId: string) => tf.members.find((m) => m.memberId === memberId)?.name ?? memberId;
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">{t('taskForce.actions')}</h2>
      {tf.actions.length === 0 ? (
        <p>{t('taskForce.noAction')}</p>
      ) : (
        <ol className="timeline">
          {tf.actions.map((a) => (
            <li key={a.entryId}>
              <time dateTime={a.at}>{date(a.at)}</time> — {name(a.memberId)} : {a.text}
            </li>
          ))}
        </ol>
      )}
      {mayWrite && (
        <TextsForm
          id="action"
          title={t('taskForce.logTitle')}
          fields={[{ name: 'text', label: t('taskForce.logText'), required: true, maxLength: 2000 }]}
          submitLabel={t('taskForce.logSubmit')}
          submit={async (v) => {
            await call(api.POST('/task-forces/{id}/actions', { params: { path: { id: tf.id } }, body: v }));
            await done();
          }}
        />
      )}
    </section>
  );
}

function ExtensionForm({ tf, done }: { tf: TaskForce; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [months, setMonths] = useState('1');
  return (
    <TextsForm
      id="extension"
      title={t('taskForce.extensionTitle')}
      collapsed={tf.status !== 'reporting' && !tf.endRemindedAt}
      before={
        <Field name="extension-months" label={t('taskForce.extensionMonths')} hint={t('taskForce.extensionHint')}>
          {(props) => (
            <Select {...props} value={months} onChange={(e) => setMonths(e.target.value)}>
              {[1, 2, 3].map((n) => (
                <option key={n} value={n}>
                  {t('taskForce.months', { count: n })}
                </option>
              ))}
            </Select>
          )}
        </Field>
      }
      fields={[{ name: 'reason', label: t('taskForce.extensionReason'), required: true, maxLength: 2000 }]}
      submitLabel={t('taskForce.extensionSubmit')}
      variant="secondary"
      submit={async ({ reason }) => {
        await call(api.POST('/task-forces/{id}/extension', { params: { path: { id: tf.id } }, body: { months: Number(months), reason } }));
        await done();
      }}
    />
  );
}
