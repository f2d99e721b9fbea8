import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Table } from '../components/data';
import { Button, ChoiceField, ErrorSummary, Field, Input, Select, TextArea, TextsForm } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { CodirStatus, SECTORS, Sector } from './codirs';
import { Timeline } from './micro-grant';
import { NotFound } from './not-found';

type Codir = Schemas['CodirDto'];

/**
 * A CODIR QPV: each sectoral direction with its statement and the team's answer, the meeting's
 * minutes and each commitment followed; for the territory's project lead, every step's form.
 */
export function CodirPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, date } = useI18n();
  const queries = useQueryClient();
  const codir = useQuery({
    queryKey: ['codir', id],
    queryFn: () => call(api.GET('/codirs/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const associations = useQuery({
    queryKey: ['associations', codir.data?.territoryId],
    enabled: Boolean(codir.data),
    queryFn: () => call(api.GET('/associations', { params: { query: { territory: codir.data!.territoryId } } })),
  });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['codir', id] }),
      queries.invalidateQueries({ queryKey: ['events', id] }),
      queries.invalidateQueries({ queryKey: ['codirs'] }),
    ]);
  if (codir.error instanceof ApiError && (codir.error.status === 404 || codir.error.status === 403))
    return <NotFound title={t('codir.notFound')} body={t('grant.notFoundBody')} />;
  if (codir.isPending) return <Loading />;
  if (codir.error) return <ErrorAlert error={codir.error} />;
  const c = codir.data;
  const lead = (me.role === 'project_lead' && me.territory?.id === c.territoryId) || me.role === 'admin';
  const beforeMeeting = c.status === 'collecting' || c.status === 'preparing';
  const name = (directionId: string) => c.directions.find((d) => d.directionId === directionId)?.name ?? directionId;
  const associationName = (aid: string) => associations.data?.find((a) => a.id === aid)?.name ?? aid;
  return (
    <Page title={t('codir.pageTitle', { year: c.year, territory: territories.data?.find((tr) => tr.id === c.territoryId)?.name ?? c.territoryId })}>
      <Facts
        items={[
          [t('grant.status'), <CodirStatus key="s" status={c.status} />],
          [t('codir.meeting'), c.meeting ? t('codir.heldOn', { date: date(c.meeting.heldOn) }) : date(c.meetingAt)],
          [t('codir.statementsDue'), date(c.statementsDueAt)],
          [t('codir.statements'), t('codir.statedOf', { stated: c.directions.filter((d) => d.statement).length, directions: c.directions.length })],
          [t('codir.openedBy'), c.bySchedule ? t('codir.bySchedule') : t('codir.byLead')],
        ]}
      />
      {c.missing.length > 0 && (
        <Alert kind={c.status === 'preparing' ? 'warning' : 'info'}>{t('codir.missing', { names: c.missing.map(name).join(', ') })}</Alert>
      )}

      <section aria-labelledby="directions">
        <h2 id="directions">{t('codir.directions')}</h2>
        <ul className="cards">
          {c.directions.map((d) => (
            <li key={d.directionId} className="card">
              <h3>{d.name}</h3>
              <p>
                {t(`codir.sector.${d.sector}` as MessageKey)} · {t('codir.contactValue', { contact: d.contact })}
              </p>
              {d.statement ? (
                <>
                  <p className="pre-line">{d.statement.text}</p>
                  {d.statement.qpvs.length > 0 && <p>{t('codir.qpvsValue', { qpvs: d.statement.qpvs.join(', ') })}</p>}
                </>
              ) : (
                <p>{c.missing.includes(d.directionId) ? t('codir.noStatement') : d.reminded ? t('codir.awaitedReminded') : t('codir.awaited')}</p>
              )}
              {d.answer && (
                <div className="answer">
                  <h4>{t('codir.teamAnswer')}</h4>
                  <p className="pre-line">{d.answer.text}</p>
                  {d.answer.relays.length > 0 && <p>{t('codir.relaysValue', { relays: d.answer.relays.map(associationName).join(', ') })}</p>}
                  {d.answer.coFunding.length > 0 && <p>{t('codir.coFundingValue', { count: d.answer.coFunding.length })}</p>}
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>

      {lead && c.status === 'collecting' && <StatementForm codir={c} done={refresh} />}
      {lead && beforeMeeting && c.directions.some((d) => d.statement) && <AnswerForm codir={c} done={refresh} />}
      {lead && beforeMeeting && <InviteForm codir={c} done={refresh} />}
      {lead && beforeMeeting && <MeetingForm codir={c} done={refresh} />}

      {c.meeting && (
        <section aria-labelledby="minutes">
          <h2 id="minutes">{t('codir.minutesTitle')}</h2>
          <p className="pre-line">{c.meeting.minutes}</p>
          <p>{t('codir.attendeesValue', { names: c.meeting.attendees.map(name).join(', ') || '—' })}</p>
          <p>{t('codir.followUpUntil', { date: date(c.meeting.followUpUntil) })}</p>
        </section>
      )}
      {c.commitments.length > 0 && (
        <section aria-labelledby="commitments">
          <h2 id="commitments">{t('codir.commitments')}</h2>
          <Table caption={t('codir.commitmentsCaption')} head={[t('codir.direction'), t('codir.commitment'), t('codir.due'), t('grant.status')]}>
            {c.commitments.map((k) => (
              <tr key={k.commitmentId}>
                <td data-label={t('codir.direction')}>{name(k.directionId)}</td>
                <td data-label={t('codir.commitment')}>
                  {k.text}
                  {k.done && <p className="hint">{k.done.note}</p>}
                </td>
                <td data-label={t('codir.due')}>{date(k.dueAt)}</td>
                <td data-label={t('grant.status')}>
                  <span className={`badge badge-${k.status === 'done' ? 'success' : k.status === 'overdue' ? 'warning' : 'info'}`}>
                    {t(`codir.commitment.${k.status}` as MessageKey)}
                  </span>
                </td>
              </tr>
            ))}
          </Table>
        </section>
      )}
      {lead && c.status === 'following' && c.commitments.some((k) => k.status !== 'done') && <DoneForm codir={c} done={refresh} />}
      <Timeline id={c.id} />
    </Page>
  );
}

function StatementForm({ codir, done }: { codir: Codir; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [directionId, setDirectionId] = useState(codir.directions.find((d) => !d.statement)?.directionId ?? codir.directions[0].directionId);
  const [qpvs, setQpvs] = useState('');
  return (
    <TextsForm
      id="statement"
      title={t('codir.statementTitle')}
      before={
        <>
          <ChoiceField
            name="statement-direction"
            label={t('codir.direction')}
            value={directionId}
            options={codir.directions.map((d) => ({ value: d.directionId, label: d.name }))}
            onChange={setDirectionId}
          />
          <Field name="statement-qpvs" label={t('codir.qpvs')} hint={t('codir.qpvsHint')}>
            {(props) => <Input {...props} value={qpvs} onChange={(e) => setQpvs(e.target.value)} />}
          </Field>
        </>
      }
      fields={[{ name: 'text', label: t('codir.statementText'), hint: t('codir.statementHint'), required: true, rows: 5 }]}
      submitLabel={t('codir.recordStatement')}
      doneText={t('agreement.recorded')}
      submit={async ({ text }) => {
        await call(
          api.POST('/codirs/{id}/statements', {
            params: { path: { id: codir.id } },
            body: {
              directionId,
              text,
              qpvs: qpvs
                .split(',')
                .map((q) => q.trim())
                .filter(Boolean),
            },
          }),
        );
        setQpvs('');
        await done();
      }}
    />
  );
}

function AnswerForm({ codir, done }: { codir: Codir; done: () => Promise<unknown> }) {
  const { t, euros } = useI18n();
  const stated = codir.directions.filter((d) => d.statement);
  const [directionId, setDirectionId] = useState((stated.find((d) => !d.answer) ?? stated[0]).directionId);
  const [relays, setRelays] = useState<string[]>([]);
  const [coFunding, setCoFunding] = useState<string[]>([]);
  const suggestions = useQuery({
    queryKey: ['codir-suggestions', codir.id, directionId],
    queryFn: () => call(api.GET('/codirs/{id}/suggestions', { params: { path: { id: codir.id }, query: { directionId } } })),
  });
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  return (
    <TextsForm
      id="answer"
      title={t('codir.answerTitle')}
      before={
        <>
          <ChoiceField
            name="answer-direction"
            label={t('codir.direction')}
            value={directionId}
            options={stated.map((d) => ({ value: d.directionId, label: d.name }))}
            onChange={(v) => {
              setDirectionId(v);
              setRelays([]);
              setCoFunding([]);
            }}
          />
          {suggestions.data && (
            <>
              <fieldset>
                <legend>{t('codir.relays')}</legend>
                {suggestions.data.relays.length === 0 && <p>{t('codir.noRelay')}</p>}
                {suggestions.data.relays.map((r) => (
                  <div key={r.associationId} className="checkbox-field">
                    <input
                      type="checkbox"
                      id={`relay-${r.associationId}`}
                      checked={relays.includes(r.associationId)}
                      onChange={() => setRelays(toggle(relays, r.associationId))}
                    />
                    <label htmlFor={`relay-${r.associationId}`}>{t('codir.relayOption', { name: r.name, themes: r.themes.join(', ') })}</label>
                  </div>
                ))}
              </fieldset>
              <fieldset>
                <legend>{t('codir.coFunding')}</legend>
                {suggestions.data.coFunding.length === 0 && <p>{t('codir.noCoFunding')}</p>}
                {suggestions.data.coFunding.map((f) => (
                  <div key={f.contributionId} className="checkbox-field">
                    <input
                      type="checkbox"
                      id={`cofunding-${f.contributionId}`}
                      checked={coFunding.includes(f.contributionId)}
                      onChange={() => setCoFunding(toggle(coFunding, f.contributionId))}
                    />
                    <label htmlFor={`cofunding-${f.contributionId}`}>
                      {t('codir.coFundingOption', {
                        name: f.signatoryName,
                        orientation: t(`orientation.${f.orientation}` as MessageKey),
                        what:
                          f.amountCents !== null
                            ? euros(f.amountCents)
                            : f.staffCount !== null
                              ? t('codir.staffCount', { count: f.staffCount })
                              : t('codir.premises'),
                        year: f.year,
                      })}
                    </label>
                  </div>
                ))}
              </fieldset>
            </>
          )}
        </>
      }
      fields={[{ name: 'text', label: t('codir.answerText'), hint: t('codir.answerHint'), required: true, rows: 4 }]}
      submitLabel={t('codir.sendAnswer')}
      doneText={t('agreement.recorded')}
      submit={async ({ text }) => {
        await call(api.POST('/codirs/{id}/answers', { params: { path: { id: codir.id } }, body: { directionId, text, relays, coFunding } }));
        setRelays([]);
        setCoFunding([]);
        await done();
      }}
    />
  );
}

function InviteForm({ codir, done }: { codir: Codir; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [sector, setSector] = useState<Sector>('culture');
  const taken = new Set(codir.directions.map((d) => d.directionId));
  const base = sector.replace('_', '-');
  const directionId = taken.has(base) ? `${base}-${[...Array(20).keys()].map((n) => n + 2).find((n) => !taken.has(`${base}-${n}`))}` : base;
  return (
    <TextsForm
      id="invite-direction"
      title={t('codir.inviteTitle')}
      collapsed
      before={
        <ChoiceField
          name="invite-sector"
          label={t('codir.sector')}
          value={sector}
          options={SECTORS.map((s) => ({ value: s, label: t(`codir.sector.${s}` as MessageKey) }))}
          onChange={(v) => setSector(v as Sector)}
        />
      }
      fields={[
        { name: 'name', label: t('codir.directionName'), required: true, rows: 1, maxLength: 200 },
        { name: 'contact', label: t('codir.contact'), hint: t('codir.contactHint'), required: true, rows: 1, maxLength: 200 },
      ]}
      submitLabel={t('codir.invite')}
      doneText={t('agreement.recorded')}
      submit={async ({ name, contact }) => {
        await call(api.POST('/codirs/{id}/directions', { params: { path: { id: codir.id } }, body: { directionId, sector, name, contact } }));
        await done();
      }}
    />
  );
}

type CommitmentDraft = { directionId: string; text: string; due: string };

function MeetingForm({ codir, done }: { codir: Codir; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [minutes, setMinutes] = useState('');
  const [attendees, setAttendees] = useState<string[]>([]);
  const [commitments, setCommitments] = useState<CommitmentDraft[]>([{ directionId: codir.directions[0].directionId, text: '', due: '' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const record = useMutation({
    mutationFn: () =>
      call(
        api.POST('/codirs/{id}/meeting', {
          params: { path: { id: codir.id } },
          body: {
            minutes: minutes.trim(),
            attendees,
            commitments: commitments
              .filter((k) => k.text.trim())
              .map((k) => ({ directionId: k.directionId, text: k.text.trim(), dueAt: new Date(`${k.due}T18:00:00`).toISOString() })),
          },
        }),
      ),
    onSuccess: done,
  });
  const set = (i: number, patch: Partial<CommitmentDraft>) => setCommitments(commitments.map((k, j) => (j === i ? { ...k, ...patch } : k)));
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!minutes.trim()) found['meeting-minutes'] = t('error.required');
    commitments.forEach((k, i) => {
      if (k.text.trim() && !/^\d{4}-\d{2}-\d{2}$/.test(k.due)) found[`meeting-due-${i}`] = t('codir.dueRequired');
    });
    setErrors(found);
    if (Object.keys(found).length === 0) record.mutate();
  }
  const labels: Record<string, string> = { 'meeting-minutes': t('codir.minutes') };
  commitments.forEach((_, i) => (labels[`meeting-due-${i}`] = t('codir.dueN', { n: i + 1 })));
  return (
    <details className="panel disclosure" id="meeting">
      <summary>{t('codir.meetingTitle')}</summary>
      <p>{codir.status === 'collecting' ? t('codir.meetingEarly') : t('codir.meetingLead')}</p>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {record.error && <ErrorAlert error={record.error} />}
      <form onSubmit={submit} noValidate>
        <Field name="meeting-minutes" label={t('codir.minutes')} error={errors['meeting-minutes']}>
          {(props) => <TextArea {...props} rows={6} maxLength={8000} value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
        </Field>
        <fieldset>
          <legend>{t('codir.attendees')}</legend>
          {codir.directions.map((d) => (
            <div key={d.directionId} className="checkbox-field">
              <input
                type="checkbox"
                id={`attendee-${d.directionId}`}
                checked={attendees.includes(d.directionId)}
                onChange={() => setAttendees(attendees.includes(d.directionId) ? attendees.filter((a) => a !== d.directionId) : [...attendees, d.directionId])}
              />
              <label htmlFor={`attendee-${d.directionId}`}>{d.name}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('codir.commitments')}</legend>
          <p className="hint">{t('codir.commitmentsHint')}</p>
          {commitments.map((k, i) => (
            <div key={i} className="direction-row">
              <Field name={`meeting-direction-${i}`} label={t('codir.commitmentDirectionN', { n: i + 1 })}>
                {(props) => (
                  <Select {...props} value={k.directionId} onChange={(e) => set(i, { directionId: e.target.value })}>
                    {codir.directions.map((d) => (
                      <option key={d.directionId} value={d.directionId}>
                        {d.name}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field name={`meeting-text-${i}`} label={t('codir.commitmentN', { n: i + 1 })}>
                {(props) => <Input {...props} maxLength={2000} value={k.text} onChange={(e) => set(i, { text: e.target.value })} />}
              </Field>
              <Field name={`meeting-due-${i}`} label={t('codir.dueN', { n: i + 1 })} error={errors[`meeting-due-${i}`]}>
                {(props) => <Input {...props} type="date" value={k.due} onChange={(e) => set(i, { due: e.target.value })} />}
              </Field>
            </div>
          ))}
          <Button
            type="button"
            variant="secondary"
            onClick={() => setCommitments([...commitments, { directionId: codir.directions[0].directionId, text: '', due: '' }])}
          >
            {t('codir.addCommitment')}
          </Button>
        </fieldset>
        <Button type="submit" disabled={record.isPending}>
          {t('codir.recordMeeting')}
        </Button>
      </form>
    </details>
  );
}

function DoneForm({ codir, done }: { codir: Codir; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const open = codir.commitments.filter((k) => k.status !== 'done');
  const [commitmentId, setCommitmentId] = useState(open[0].commitmentId);
  const chosen = open.some((k) => k.commitmentId === commitmentId) ? commitmentId : open[0].commitmentId;
  return (
    <TextsForm
      id="commitment-done"
      title={t('codir.doneTitle')}
      before={
        <ChoiceField
          name="done-commitment"
          label={t('codir.commitment')}
          value={chosen}
          options={open.map((k) => ({ value: k.commitmentId, label: k.text }))}
          onChange={setCommitmentId}
        />
      }
      fields={[{ name: 'note', label: t('codir.doneNote'), required: true, rows: 2 }]}
      submitLabel={t('codir.markDone')}
      doneText={t('agreement.recorded')}
      submit={async ({ note }) => {
        await call(api.POST('/codirs/{id}/commitments/{commitmentId}/done', { params: { path: { id: codir.id, commitmentId: chosen } }, body: { note } }));
        await done();
      }}
    />
  );
}
