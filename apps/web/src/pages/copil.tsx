import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Table } from '../components/data';
import { Button, ChoiceField, ErrorSummary, Field, Input, Select, TextArea, TextsForm } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { Timeline } from './micro-grant';
import { NotFound } from './not-found';

type Copil = Schemas['CopilDto'];
type Round = Schemas['CopilRoundDto'];
type Meeting = Schemas['CopilMeetingDto'];
type College = Round['college'];
type Vote = 'for' | 'against' | 'abstain';
const COLLEGES: College[] = ['state', 'local_authorities', 'associations', 'citizens'];
const VOTES: Vote[] = ['for', 'against', 'abstain'];

function Badge({ tone, children }: { tone: 'success' | 'error' | 'info' | 'warning' | 'neutral'; children: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

function CopilStatus({ status }: { status: string }) {
  const { t } = useI18n();
  return <Badge tone={status === 'active' ? 'info' : 'neutral'}>{t(`copil.status.${status}` as MessageKey)}</Badge>;
}

const isLead = (me: Me, territoryId: string) => me.role === 'admin' || (me.role === 'project_lead' && me.territory?.id === territoryId);

/** The Copils: the binôme's (and the form to open the year's), those of an association's territories. */
export function CopilsPage({ me }: { me: Me }) {
  const { t, date } = useI18n();
  const copils = useQuery({ queryKey: ['copils'], queryFn: () => call(api.GET('/copils', { params: { query: { pageSize: 50 } } })) });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  if (copils.error instanceof ApiError && copils.error.status === 403) return <Alert kind="info">{t('copil.notYours')}</Alert>;
  return (
    <Page title={t('copil.listTitle')} lead={t('copil.lead')}>
      {copils.isPending && <Loading />}
      {copils.error && <ErrorAlert error={copils.error} />}
      {copils.data &&
        (copils.data.items.length === 0 ? (
          <p>{t('copil.none')}</p>
        ) : (
          <Table
            caption={t('copil.listCaption')}
            head={[t('codir.year'), t('codir.territory'), t('grant.status'), t('copil.seatsHeld'), t('copil.adoptedAxes'), t('copil.next')]}
          >
            {copils.data.items.map((c) => (
              <tr key={c.id}>
                <td data-label={t('codir.year')}>
                  <Link to={`/copil/${c.id}`}>{t('copil.ofYear', { year: c.year })}</Link>
                </td>
                <td data-label={t('codir.territory')}>{territories.data?.find((tr) => tr.id === c.territoryId)?.name ?? c.territoryId}</td>
                <td data-label={t('grant.status')}>
                  <CopilStatus status={c.status} />
                </td>
                <td data-label={t('copil.seatsHeld')}>{c.runningMandates}</td>
                <td data-label={t('copil.adoptedAxes')}>{c.adoptedAxes}</td>
                <td data-label={t('copil.next')}>{c.nextDueAt ? date(c.nextDueAt) : '—'}</td>
              </tr>
            ))}
          </Table>
        ))}
      {me.role === 'project_lead' && me.territory && <OpenCopilForm territoryId={me.territory.id} />}
    </Page>
  );
}

function OpenCopilForm({ territoryId }: { territoryId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const open = useMutation({
    mutationFn: () => call(api.POST('/copils', { body: { territory: territoryId, year: Number(year) } })),
    onSuccess: (copil) => navigate(`/copil/${copil.id}`),
  });
  return (
    <section aria-labelledby="open-copil" className="panel">
      <h2 id="open-copil">{t('copil.openTitle')}</h2>
      <p>{t('copil.openLead')}</p>
      {open.error && <ErrorAlert error={open.error} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          open.mutate();
        }}
        noValidate
      >
        <ChoiceField
          name="copil-year"
          label={t('codir.year')}
          value={year}
          options={[thisYear, thisYear + 1].map((y) => ({ value: String(y), label: String(y) }))}
          onChange={setYear}
        />
        <Button type="submit" disabled={open.isPending}>
          {t('copil.open')}
        </Button>
      </form>
    </section>
  );
}

/**
 * A Copil of a year: its composition college by college, its designation rounds with their
 * candidacies, its meetings with their agenda, attendance and decisions; the project lead's forms;
 * an association's candidacy.
 */
export function CopilPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, date } = useI18n();
  const queries = useQueryClient();
  const copil = useQuery({
    queryKey: ['copil', id],
    queryFn: () => call(api.GET('/copils/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['copil', id] }),
      queries.invalidateQueries({ queryKey: ['events', id] }),
      queries.invalidateQueries({ queryKey: ['copils'] }),
    ]);
  if (copil.error instanceof ApiError && (copil.error.status === 404 || copil.error.status === 403))
    return <NotFound title={t('copil.notFound')} body={t('grant.notFoundBody')} />;
  if (copil.isPending) return <Loading />;
  if (copil.error) return <ErrorAlert error={copil.error} />;
  const c = copil.data;
  const lead = isLead(me, c.territoryId);
  const active = c.status === 'active';
  const college = (k: College) => t(`copil.college.${k}` as MessageKey);
  const decisions = c.meetings.flatMap((m) => m.decisions.map((d) => ({ ...d, on: m.held?.heldOn ?? m.at })));
  return (
    <Page title={t('copil.title', { year: c.year, territory: territories.data?.find((tr) => tr.id === c.territoryId)?.name ?? c.territoryId })}>
      <Facts
        items={[
          [t('grant.status'), <CopilStatus key="s" status={c.status} />],
          [t('copil.seatsHeld'), String(c.mandates.filter((m) => m.status === 'running').length)],
          [t('copil.meetingsHeld'), String(c.meetings.filter((m) => m.status === 'held').length)],
        ]}
      />
      {c.status === 'following' && <Alert kind="info">{t('copil.followingAlert')}</Alert>}

      <section aria-labelledby="composition">
        <h2 id="composition">{t('copil.composition')}</h2>
        {c.mandates.length === 0 ? (
          <p>{t('copil.noMandate')}</p>
        ) : (
          <Table caption={t('copil.compositionCaption')} head={[t('copil.college'), t('copil.holder'), t('copil.term'), t('grant.status'), t('copil.reason')]}>
            {c.mandates.map((m) => (
              <tr key={m.mandateId}>
                <td data-label={t('copil.college')}>{college(m.college)}</td>
                <td data-label={t('copil.holder')}>{m.holder}</td>
                <td data-label={t('copil.term')}>{t('copil.termValue', { from: date(m.startsAt), to: date(m.endsAt) })}</td>
                <td data-label={t('grant.status')}>
                  <Badge tone={m.status === 'running' ? 'success' : 'neutral'}>{t(`copil.mandate.${m.status}` as MessageKey)}</Badge>
                </td>
                <td data-label={t('copil.reason')}>{m.reason}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <section aria-labelledby="rounds">
        <h2 id="rounds">{t('copil.rounds')}</h2>
        {c.rounds.length === 0 && <p>{t('copil.noRound')}</p>}
        {c.rounds.map((r) => (
          <RoundPanel key={r.roundId} copil={c} round={r} me={me} done={refresh} />
        ))}
        {lead && active && <OpenRoundForm copil={c} done={refresh} />}
      </section>

      <section aria-labelledby="meetings">
        <h2 id="meetings">{t('copil.meetings')}</h2>
        {c.meetings.length === 0 && <p>{t('copil.noMeeting')}</p>}
        {c.meetings.map((m, i) => (
          <MeetingPanel key={m.meetingId} copil={c} meeting={m} n={i + 1} lead={lead} done={refresh} />
        ))}
        {lead && active && <ScheduleForm copil={c} done={refresh} />}
      </section>

      {decisions.length > 0 && (
        <section aria-labelledby="decisions">
          <h2 id="decisions">{t('copil.decisions')}</h2>
          <Table caption={t('copil.decisionsCaption')} head={[t('copil.axis'), ...COLLEGES.map(college), t('copil.outcome')]}>
            {decisions.map((d) => (
              <tr key={d.axisId}>
                <td data-label={t('copil.axis')}>
                  {d.title} <span className="hint">({date(d.on)})</span>
                </td>
                {COLLEGES.map((k) => (
                  <td key={k} data-label={college(k)}>
                    {t(`copil.vote.${d.votes[k]}` as MessageKey)}
                  </td>
                ))}
                <td data-label={t('copil.outcome')}>
                  <Badge tone={d.adopted ? 'success' : 'error'}>{d.adopted ? t('copil.adopted') : t('copil.notAdopted')}</Badge>
                </td>
              </tr>
            ))}
          </Table>
        </section>
      )}
      {me.role !== 'association' && <Timeline id={c.id} />}
    </Page>
  );
}

function RoundPanel({ copil, round, me, done }: { copil: Copil; round: Round; me: Me; done: () => Promise<unknown> }) {
  const { t, date } = useI18n();
  const lead = isLead(me, copil.territoryId);
  const designated = copil.mandates.filter((m) => m.roundId === round.roundId);
  const tone = round.status === 'complete' ? 'success' : round.status === 'unfilled' ? 'error' : 'info';
  const mine = me.role === 'association' && round.candidacies.some((k) => k.candidate.associationId === me.organisation?.id);
  return (
    <article className="panel" aria-labelledby={`round-${round.roundId}`}>
      <h3 id={`round-${round.roundId}`}>{t('copil.roundTitle', { college: t(`copil.college.${round.college}` as MessageKey) })}</h3>
      <Facts
        items={[
          [
            t('grant.status'),
            <Badge key="s" tone={tone}>
              {t(`copil.round.${round.status}` as MessageKey)}
            </Badge>,
          ],
          [t('copil.seats'), t('copil.seatsValue', { seats: round.seats, designated: designated.length })],
          [t('copil.candidaciesDue'), date(round.candidaciesDueAt)],
          [t('copil.termYears'), t(round.termYears > 1 ? 'copil.years.many' : 'copil.years.one', { count: round.termYears })],
        ]}
      />
      {round.candidacies.length === 0 ? (
        <p>{t('copil.noCandidacy')}</p>
      ) : (
        <Table
          caption={t('copil.candidaciesCaption', { college: t(`copil.college.${round.college}` as MessageKey) })}
          head={[t('copil.candidate'), t('copil.statement'), t('copil.filedOn'), t('copil.designation')]}
        >
          {round.candidacies.map((k) => {
            const mandate = designated.find((m) => m.candidacyId === k.candidacyId);
            return (
              <tr key={k.candidacyId}>
                <td data-label={t('copil.candidate')}>{k.candidate.name}</td>
                <td data-label={t('copil.statement')}>{k.statement || '—'}</td>
                <td data-label={t('copil.filedOn')}>{date(k.at)}</td>
                <td data-label={t('copil.designation')}>{mandate ? <Badge tone="success">{t('copil.designated')}</Badge> : '—'}</td>
              </tr>
            );
          })}
        </Table>
      )}
      {round.status === 'open' && round.college === 'associations' && me.role === 'association' && !mine && (
        <StandForm copil={copil} round={round} done={done} />
      )}
      {mine && round.status === 'open' && <Alert kind="success">{t('copil.youStand')}</Alert>}
      {round.status === 'open' && lead && <RecordCandidateForm copil={copil} round={round} done={done} />}
      {round.status === 'designating' && lead && <DesignateForm copil={copil} round={round} done={done} />}
    </article>
  );
}

function StandForm({ copil, round, done }: { copil: Copil; round: Round; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  return (
    <TextsForm
      id={`stand-${round.roundId}`}
      title={t('copil.standTitle')}
      fields={[{ name: 'statement', label: t('copil.statement'), hint: t('copil.statementHint'), rows: 3 }]}
      submitLabel={t('copil.stand')}
      submit={async ({ statement }) => {
        await call(api.POST('/copils/{id}/rounds/{roundId}/candidacies', { params: { path: { id: copil.id, roundId: round.roundId } }, body: { statement } }));
        await done();
      }}
    />
  );
}

function RecordCandidateForm({ copil, round, done }: { copil: Copil; round: Round; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const associations = round.college === 'associations';
  return (
    <TextsForm
      id={`candidate-${round.roundId}`}
      title={t('copil.recordCandidateTitle')}
      collapsed
      fields={[
        {
          name: associations ? 'associationId' : 'name',
          label: associations ? t('copil.associationId') : t('copil.candidateName'),
          hint: associations ? t('copil.associationIdHint') : undefined,
          required: true,
          rows: 1,
          maxLength: 200,
        },
        { name: 'statement', label: t('copil.statement'), rows: 2 },
      ]}
      submitLabel={t('copil.recordCandidate')}
      doneText={t('agreement.recorded')}
      submit={async (values: Record<string, string>) => {
        const body = associations ? { associationId: values.associationId, statement: values.statement } : { name: values.name, statement: values.statement };
        await call(api.POST('/copils/{id}/rounds/{roundId}/candidacies', { params: { path: { id: copil.id, roundId: round.roundId } }, body }));
        await done();
      }}
    />
  );
}

function DesignateForm({ copil, round, done }: { copil: Copil; round: Round; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const taken = new Set(copil.mandates.filter((m) => m.roundId === round.roundId).map((m) => m.candidacyId));
  const open = round.candidacies.filter((k) => !taken.has(k.candidacyId));
  const [candidacyId, setCandidacyId] = useState(open[0]?.candidacyId ?? '');
  const chosen = open.some((k) => k.candidacyId === candidacyId) ? candidacyId : (open[0]?.candidacyId ?? '');
  if (!open.length) return null;
  return (
    <TextsForm
      id={`designate-${round.roundId}`}
      title={t('copil.designateTitle')}
      before={
        <ChoiceField
          name={`designate-candidacy-${round.roundId}`}
          label={t('copil.candidate')}
          value={chosen}
          options={open.map((k) => ({ value: k.candidacyId, label: k.candidate.name }))}
          onChange={setCandidacyId}
        />
      }
      fields={[{ name: 'reason', label: t('copil.reason'), hint: t('copil.reasonHint'), required: true, rows: 2 }]}
      submitLabel={t('copil.designate')}
      doneText={t('agreement.recorded')}
      submit={async ({ reason }) => {
        await call(
          api.POST('/copils/{id}/rounds/{roundId}/designations', {
            params: { path: { id: copil.id, roundId: round.roundId } },
            body: { candidacyId: chosen, reason },
          }),
        );
        await done();
      }}
    />
  );
}

function OpenRoundForm({ copil, done }: { copil: Copil; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const busy = new Set(copil.rounds.filter((r) => r.status === 'open' || r.status === 'designating').map((r) => r.college));
  const free = COLLEGES.filter((k) => !busy.has(k));
  const [college, setCollege] = useState<College>(free[0] ?? 'associations');
  const [seats, setSeats] = useState('2');
  const [due, setDue] = useState('');
  const [term, setTerm] = useState('2');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const chosen = free.includes(college) ? college : free[0];
  const open = useMutation({
    mutationFn: () =>
      call(
        api.POST('/copils/{id}/rounds', {
          params: { path: { id: copil.id } },
          body: { college: chosen, seats: Number(seats), candidaciesDueAt: new Date(`${due}T18:00:00`).toISOString(), termYears: Number(term) },
        }),
      ),
    onSuccess: done,
  });
  if (!free.length) return null;
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!(/^\d{1,2}$/.test(seats) && Number(seats) >= 1 && Number(seats) <= 12)) found['round-seats'] = t('copil.seatsRange');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) found['round-due'] = t('copil.dueRequired');
    setErrors(found);
    if (Object.keys(found).length === 0) open.mutate();
  }
  const labels: Record<string, string> = { 'round-seats': t('copil.seats'), 'round-due': t('copil.candidaciesDue') };
  return (
    <details className="panel disclosure" id="open-round">
      <summary>{t('copil.openRoundTitle')}</summary>
      <p>{t('copil.openRoundLead')}</p>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {open.error && <ErrorAlert error={open.error} />}
      <form onSubmit={submit} noValidate>
        <ChoiceField
          name="round-college"
          label={t('copil.college')}
          value={chosen}
          options={free.map((k) => ({ value: k, label: t(`copil.college.${k}` as MessageKey) }))}
          onChange={(v) => setCollege(v as College)}
        />
        <Field name="round-seats" label={t('copil.seats')} error={errors['round-seats']}>
          {(props) => <Input {...props} inputMode="numeric" value={seats} onChange={(e) => setSeats(e.target.value)} />}
        </Field>
        <Field name="round-due" label={t('copil.candidaciesDue')} hint={t('copil.dueHint')} error={errors['round-due']}>
          {(props) => <Input {...props} type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
        </Field>
        <ChoiceField
          name="round-term"
          label={t('copil.termYears')}
          value={term}
          options={[1, 2, 3, 4, 5, 6].map((n) => ({ value: String(n), label: t(n > 1 ? 'copil.years.many' : 'copil.years.one', { count: n }) }))}
          onChange={setTerm}
        />
        <Button type="submit" disabled={open.isPending}>
          {t('copil.openRound')}
        </Button>
      </form>
    </details>
  );
}

function ScheduleForm({ copil, done }: { copil: Copil; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [day, setDay] = useState('');
  const [time, setTime] = useState('14:00');
  const [agenda, setAgenda] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const items = agenda
    .split('\n')
    .map((a) => a.trim())
    .filter(Boolean);
  const schedule = useMutation({
    mutationFn: () =>
      call(api.POST('/copils/{id}/meetings', { params: { path: { id: copil.id } }, body: { at: new Date(`${day}T${time}:00`).toISOString(), agenda: items } })),
    onSuccess: async () => {
      setAgenda('');
      await done();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) found['meeting-day'] = t('copil.dayRequired');
    if (!items.length) found['meeting-agenda'] = t('copil.agendaRequired');
    setErrors(found);
    if (Object.keys(found).length === 0) schedule.mutate();
  }
  const labels: Record<string, string> = { 'meeting-day': t('copil.meetingDay'), 'meeting-agenda': t('copil.agenda') };
  return (
    <details className="panel disclosure" id="schedule-meeting">
      <summary>{t('copil.scheduleTitle')}</summary>
      <p>{t('copil.scheduleLead')}</p>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {schedule.error && <ErrorAlert error={schedule.error} />}
      <form onSubmit={submit} noValidate>
        <Field name="meeting-day" label={t('copil.meetingDay')} error={errors['meeting-day']}>
          {(props) => <Input {...props} type="date" value={day} onChange={(e) => setDay(e.target.value)} />}
        </Field>
        <Field name="meeting-time" label={t('copil.meetingTime')}>
          {(props) => <Input {...props} type="time" value={time} onChange={(e) => setTime(e.target.value)} />}
        </Field>
        <Field name="meeting-agenda" label={t('copil.agenda')} hint={t('copil.agendaHint')} error={errors['meeting-agenda']}>
          {(props) => <TextArea {...props} rows={4} value={agenda} onChange={(e) => setAgenda(e.target.value)} />}
        </Field>
        <Button type="submit" disabled={schedule.isPending}>
          {t('copil.schedule')}
        </Button>
      </form>
    </details>
  );
}

function MeetingPanel({ copil, meeting, n, lead, done }: { copil: Copil; meeting: Meeting; n: number; lead: boolean; done: () => Promise<unknown> }) {
  const { t, date } = useI18n();
  const holder = (mandateId: string) => meeting.invited.find((s) => s.mandateId === mandateId)?.holder ?? mandateId;
  const tone = meeting.status === 'held' ? 'success' : meeting.status === 'unheld' ? 'error' : 'info';
  return (
    <article className="panel" aria-labelledby={`meeting-${n}`}>
      <h3 id={`meeting-${n}`}>{t('copil.meetingTitle', { date: date(meeting.at) })}</h3>
      <Facts
        items={[
          [
            t('grant.status'),
            <Badge key="s" tone={tone}>
              {t(`copil.meeting.${meeting.status}` as MessageKey)}
            </Badge>,
          ],
          [t('copil.invited'), meeting.invited.map((s) => s.holder).join(', ')],
          ...(meeting.held ? ([[t('copil.present'), meeting.held.attendees.map(holder).join(', ') || '—']] as [string, string][]) : []),
          ...(meeting.creditedAgreementIds?.length
            ? ([[t('copil.tokens'), t('copil.tokensValue', { count: meeting.creditedAgreementIds.length })]] as [string, string][])
            : []),
        ]}
      />
      <h4>{t('copil.agenda')}</h4>
      <ol>
        {meeting.agenda.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ol>
      {meeting.held && (
        <>
          <h4>{t('codir.minutes')}</h4>
          <p className="pre-line">{meeting.held.minutes}</p>
        </>
      )}
      {lead && meeting.status === 'scheduled' && Date.parse(meeting.at) <= Date.now() + 60_000 && (
        <RecordMeetingForm copil={copil} meeting={meeting} done={done} />
      )}
    </article>
  );
}

type AxisDraft = { title: string; votes: Record<College, Vote> };
const blankAxis = (): AxisDraft => ({ title: '', votes: { state: 'for', local_authorities: 'for', associations: 'for', citizens: 'for' } });

function RecordMeetingForm({ copil, meeting, done }: { copil: Copil; meeting: Meeting; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [minutes, setMinutes] = useState('');
  const [attendees, setAttendees] = useState<string[]>([]);
  const [axes, setAxes] = useState<AxisDraft[]>([blankAxis()]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const record = useMutation({
    mutationFn: () =>
      call(
        api.POST('/copils/{id}/meetings/{meetingId}/record', {
          params: { path: { id: copil.id, meetingId: meeting.meetingId } },
          body: {
            heldOn: new Date().toISOString(),
            minutes: minutes.trim(),
            attendees,
            decisions: axes.filter((a) => a.title.trim()).map((a) => ({ title: a.title.trim(), votes: a.votes })),
          },
        }),
      ),
    onSuccess: done,
  });
  const setAxis = (i: number, patch: Partial<AxisDraft>) => setAxes(axes.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!minutes.trim()) found['record-minutes'] = t('error.required');
    setErrors(found);
    if (Object.keys(found).length === 0) record.mutate();
  }
  return (
    <details className="panel disclosure" id={`record-${meeting.meetingId}`}>
      <summary>{t('copil.recordTitle')}</summary>
      <p>{t('copil.recordLead')}</p>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: t('codir.minutes'), message }))} />
      {record.error && <ErrorAlert error={record.error} />}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('copil.present')}</legend>
          {meeting.invited.map((s) => (
            <div key={s.mandateId} className="checkbox-field">
              <input
                type="checkbox"
                id={`present-${s.mandateId}`}
                checked={attendees.includes(s.mandateId)}
                onChange={() => setAttendees(attendees.includes(s.mandateId) ? attendees.filter((a) => a !== s.mandateId) : [...attendees, s.mandateId])}
              />
              <label htmlFor={`present-${s.mandateId}`}>
                {s.holder} ({t(`copil.college.${s.college}` as MessageKey)})
              </label>
            </div>
          ))}
        </fieldset>
        <Field name="record-minutes" label={t('codir.minutes')} error={errors['record-minutes']}>
          {(props) => <TextArea {...props} rows={5} maxLength={8000} value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
        </Field>
        {axes.map((a, i) => (
          <fieldset key={i}>
            <legend>{t('copil.axisN', { n: i + 1 })}</legend>
            <Field name={`axis-title-${i}`} label={t('copil.axisTitle')} hint={i === 0 ? t('copil.axisHint') : undefined}>
              {(props) => <Input {...props} maxLength={300} value={a.title} onChange={(e) => setAxis(i, { title: e.target.value })} />}
            </Field>
            <div className="direction-row">
              {COLLEGES.map((k) => (
                <Field key={k} name={`axis-${i}-${k}`} label={t('copil.voteOf', { college: t(`copil.college.${k}` as MessageKey) })}>
                  {(props) => (
                    <Select {...props} value={a.votes[k]} onChange={(e) => setAxis(i, { votes: { ...a.votes, [k]: e.target.value as Vote } })}>
                      {VOTES.map((v) => (
                        <option key={v} value={v}>
                          {t(`copil.vote.${v}` as MessageKey)}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              ))}
            </div>
          </fieldset>
        ))}
        <Button type="button" variant="secondary" onClick={() => setAxes([...axes, blankAxis()])}>
          {t('copil.addAxis')}
        </Button>{' '}
        <Button type="submit" disabled={record.isPending}>
          {t('copil.record')}
        </Button>
      </form>
    </details>
  );
}
