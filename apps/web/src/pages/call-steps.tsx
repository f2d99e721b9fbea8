import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api, call, Schemas } from '../api/client';
import { Button, ErrorSummary, Field, Input, Select, TextArea } from '../components/form';
import { Alert, ErrorAlert } from '../components/page';
import { useI18n } from '../i18n';
import { centsOf } from './micro-grant-request';

type Call = Schemas['CallStateDto'];
type Name = (associationId: string) => string;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function useRefresh(id: string) {
  const queries = useQueryClient();
  return () => Promise.all([queries.invalidateQueries({ queryKey: ['call', id] }), queries.invalidateQueries({ queryKey: ['calls'] })]);
}

// ---- the call's managers: project leads of its territories, its funders, admins ----

/** A meetup between the invited associations, within the call's meetup window. */
export function ScheduleMeetupForm({ view }: { view: Call }) {
  const { t, date } = useI18n();
  const refresh = useRefresh(view.id);
  const [day, setDay] = useState('');
  const [time, setTime] = useState('18:00');
  const [place, setPlace] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const schedule = useMutation({
    mutationFn: () =>
      call(
        api.POST('/calls/{id}/meetups', { params: { path: { id: view.id } }, body: { at: new Date(`${day}T${time}:00`).toISOString(), place: place.trim() } }),
      ),
    onSuccess: async () => {
      setPlace('');
      await refresh();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!DAY.test(day)) found['meetup-day'] = t('error.required');
    if (!place.trim()) found['meetup-place'] = t('error.required');
    setErrors(found);
    if (!Object.keys(found).length) schedule.mutate();
  }
  const labels: Record<string, string> = { 'meetup-day': t('meetup.day'), 'meetup-place': t('meetup.place') };
  return (
    <details className="panel disclosure" id="schedule-meetup">
      <summary>{t('meetup.scheduleTitle')}</summary>
      <p>{t('meetup.scheduleLead', { from: date(view.meetupWindow.startsAt), to: date(view.meetupWindow.endsAt) })}</p>
      {schedule.isSuccess && <Alert kind="success">{t('meetup.scheduled')}</Alert>}
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {schedule.error && <ErrorAlert error={schedule.error} />}
      <form onSubmit={submit} noValidate>
        <Field name="meetup-day" label={t('meetup.day')} error={errors['meetup-day']}>
          {(props) => <Input {...props} type="date" value={day} onChange={(e) => setDay(e.target.value)} />}
        </Field>
        <Field name="meetup-time" label={t('meetup.time')}>
          {(props) => <Input {...props} type="time" value={time} onChange={(e) => setTime(e.target.value)} />}
        </Field>
        <Field name="meetup-place" label={t('meetup.place')} hint={t('meetup.placeHint')} error={errors['meetup-place']}>
          {(props) => <Input {...props} maxLength={500} value={place} onChange={(e) => setPlace(e.target.value)} />}
        </Field>
        <Button type="submit" disabled={schedule.isPending}>
          {t('meetup.schedule')}
        </Button>
      </form>
    </details>
  );
}

/** Who came to a meetup (once it has started), ticked among the invited associations; those who said they would come are ticked first. */
export function AttendanceForm({ view, meetup, name }: { view: Call; meetup: Call['meetups'][number]; name: Name }) {
  const { t } = useI18n();
  const refresh = useRefresh(view.id);
  const [present, setPresent] = useState<string[]>(meetup.rsvps.filter((r) => r.attending).map((r) => r.associationId));
  const record = useMutation({
    mutationFn: () =>
      call(api.POST('/calls/{id}/meetups/{meetupId}/attendance', { params: { path: { id: view.id, meetupId: meetup.id } }, body: { attendeeIds: present } })),
    onSuccess: refresh,
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        record.mutate();
      }}
      noValidate
    >
      {record.error && <ErrorAlert error={record.error} />}
      <fieldset>
        <legend>{t('meetup.whoCame')}</legend>
        {view.invited.map((associationId) => (
          <label key={associationId} className="choice">
            <input
              type="checkbox"
              checked={present.includes(associationId)}
              onChange={(e) => setPresent(e.target.checked ? [...present, associationId] : present.filter((x) => x !== associationId))}
            />{' '}
            {name(associationId)}
          </label>
        ))}
      </fieldset>
      <Button type="submit" variant="secondary" disabled={record.isPending}>
        {t('meetup.recordAttendance')}
      </Button>
    </form>
  );
}

/** The paid pre-selection: each application kept or not, with the reason the consortium will read. */
export function ShortlistForm({ view, name }: { view: Call; name: Name }) {
  const { t, euros } = useI18n();
  const refresh = useRefresh(view.id);
  const [choices, setChoices] = useState<Record<string, { shortlisted: boolean | null; reason: string }>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const shortlist = useMutation({
    mutationFn: (decisions: Schemas['ShortlistDecisionDto'][]) =>
      call(api.POST('/calls/{id}/shortlist', { params: { path: { id: view.id } }, body: { decisions } })),
    onSuccess: refresh,
  });
  const max = Number(view.policy.shortlistMax ?? 5);
  const choice = (id: string) => choices[id] ?? { shortlisted: null, reason: '' };
  const kept = view.applications.filter((a) => choice(a.id).shortlisted === true).length;
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    view.applications.forEach((a, i) => {
      if (choice(a.id).shortlisted === null) found[`keep-${i}`] = t('shortlist.choose');
      if (!choice(a.id).reason.trim()) found[`reason-${i}`] = t('shortlist.reasonRequired');
    });
    if (kept > max) found['keep-0'] = t('shortlist.tooMany', { max });
    setErrors(found);
    if (Object.keys(found).length) return;
    shortlist.mutate(
      view.applications.map((a) => ({ applicationId: a.id, shortlisted: choice(a.id).shortlisted === true, reason: choice(a.id).reason.trim() })),
    );
  }
  const applicant = (a: Call['applications'][number]) => view.consortia.find((c) => c.id === a.consortiumId)?.name ?? a.members.map(name).join(', ');
  const labels = Object.fromEntries(
    view.applications.flatMap((a, i) => [
      [`keep-${i}`, t('shortlist.keepOf', { who: applicant(a) })],
      [`reason-${i}`, t('shortlist.reasonOf', { who: applicant(a) })],
    ]),
  );
  return (
    <section aria-labelledby="shortlist-form" className="panel">
      <h2 id="shortlist-form">{t('shortlist.title')}</h2>
      <p>{t('shortlist.lead', { max, stipend: euros(Number(view.policy.stipendCents ?? 0)) })}</p>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {shortlist.error && <ErrorAlert error={shortlist.error} />}
      {view.applications.length === 0 && <p>{t('call.noApplication')}</p>}
      {view.applications.length > 0 && (
        <form onSubmit={submit} noValidate>
          {view.applications.map((a, i) => (
            <fieldset key={a.id} className="member-fields">
              <legend>{applicant(a)}</legend>
              <Field name={`keep-${i}`} label={t('shortlist.keepOf', { who: applicant(a) })} error={errors[`keep-${i}`]}>
                {(props) => (
                  <Select
                    {...props}
                    value={choice(a.id).shortlisted === null ? '' : String(choice(a.id).shortlisted)}
                    onChange={(e) =>
                      setChoices({ ...choices, [a.id]: { ...choice(a.id), shortlisted: e.target.value === '' ? null : e.target.value === 'true' } })
                    }
                  >
                    <option value="">{t('launch.choose')}</option>
                    <option value="true">{t('shortlist.keep')}</option>
                    <option value="false">{t('shortlist.notKeep')}</option>
                  </Select>
                )}
              </Field>
              <Field name={`reason-${i}`} label={t('shortlist.reasonOf', { who: applicant(a) })} error={errors[`reason-${i}`]}>
                {(props) => (
                  <TextArea
                    {...props}
                    rows={2}
                    maxLength={2000}
                    value={choice(a.id).reason}
                    onChange={(e) => setChoices({ ...choices, [a.id]: { ...choice(a.id), reason: e.target.value } })}
                  />
                )}
              </Field>
            </fieldset>
          ))}
          <p role="status">{t('shortlist.count', { kept, max })}</p>
          <Button type="submit" disabled={shortlist.isPending}>
            {t('shortlist.submit')}
          </Button>
        </form>
      )}
    </section>
  );
}

/** The awards, after the proposal deadline: an amount per submitted proposal (at most what it asked), the double-funding flags beside it, one reason for all. */
export function AwardsForm({ view, name }: { view: Call; name: Name }) {
  const { t, euros, date } = useI18n();
  const refresh = useRefresh(view.id);
  const proposals = view.applications.filter((a) => a.status === 'proposal_submitted');
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const award = useMutation({
    mutationFn: (body: Schemas['AwardsDto']) => call(api.POST('/calls/{id}/awards', { params: { path: { id: view.id } }, body })),
    onSuccess: refresh,
  });
  const amountOf = (id: string) => amounts[id] ?? '';
  const total = proposals.reduce((sum, a) => sum + (centsOf(amountOf(a.id)) ?? 0), 0);
  const applicant = (a: Call['applications'][number]) => view.consortia.find((c) => c.id === a.consortiumId)?.name ?? a.members.map(name).join(', ');
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    proposals.forEach((a, i) => {
      const text = amountOf(a.id).trim();
      if (text && centsOf(text) === null) found[`award-${i}`] = t('error.amount');
      else if (text && (centsOf(text) ?? 0) > (a.requestedAmountCents ?? 0))
        found[`award-${i}`] = t('awards.aboveAsked', { asked: euros(a.requestedAmountCents ?? 0) });
    });
    if (total > view.budgetCents) found['award-0'] = t('awards.aboveBudget', { total: euros(total), budget: euros(view.budgetCents) });
    if (!reason.trim()) found['award-reason'] = t('error.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    award.mutate({
      awards: proposals.filter((a) => amountOf(a.id).trim()).map((a) => ({ applicationId: a.id, amountCents: centsOf(amountOf(a.id))! })),
      reason: reason.trim(),
    });
  }
  const labels: Record<string, string> = {
    'award-reason': t('awards.reason'),
    ...Object.fromEntries(proposals.map((a, i) => [`award-${i}`, t('awards.amountFor', { who: applicant(a) })])),
  };
  return (
    <section aria-labelledby="awards-form" className="panel">
      <h2 id="awards-form">{t('awards.title')}</h2>
      <p>{t('awards.lead')}</p>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {award.error && <ErrorAlert error={award.error} />}
      <form onSubmit={submit} noValidate>
        {proposals.length === 0 && <p>{t('awards.none')}</p>}
        {proposals.map((a, i) => (
          <fieldset key={a.id} className="member-fields">
            <legend>{applicant(a)}</legend>
            <p>{t('awards.asked', { amount: euros(a.requestedAmountCents ?? 0) })}</p>
            {(a.doubleFundingFlags ?? []).length > 0 ? (
              <Alert kind="warning" title={t('application.flags')}>
                <ul>
                  {(a.doubleFundingFlags ?? []).map((f) => (
                    <li key={`${f.associationId}-${f.conflictingGrantId}`}>
                      {t('application.flag', {
                        member: name(f.associationId),
                        siret: f.siret,
                        title: f.conflictingTitle,
                        from: date(f.periodStart),
                        to: date(f.periodEnd),
                      })}
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : (
              <p>{t('awards.noFlag')}</p>
            )}
            <Field name={`award-${i}`} label={t('awards.amountFor', { who: applicant(a) })} hint={t('awards.amountHint')} error={errors[`award-${i}`]}>
              {(props) => (
                <Input
                  {...props}
                  inputMode="decimal"
                  autoComplete="off"
                  value={amountOf(a.id)}
                  onChange={(e) => setAmounts({ ...amounts, [a.id]: e.target.value })}
                />
              )}
            </Field>
          </fieldset>
        ))}
        <p role="status">{t('awards.total', { total: euros(total), budget: euros(view.budgetCents) })}</p>
        <Field name="award-reason" label={t('awards.reason')} hint={t('awards.reasonHint')} error={errors['award-reason']}>
          {(props) => <TextArea {...props} rows={3} maxLength={4000} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <Button type="submit" disabled={award.isPending}>
          {t('awards.submit')}
        </Button>
      </form>
    </section>
  );
}

// ---- an invited association ----

/**
 * An invited association's steps before the expression-of-interest deadline: form a consortium (it
 * leads it) or answer an invitation into one; the lead invites others; then the lead (or an
 * association alone) expresses interest, with the stipend's split between members when the
 * pre-selection is paid.
 */
export function AssociationSteps({ view, associationId, name }: { view: Call; associationId: string; name: Name }) {
  const { t } = useI18n();
  const refresh = useRefresh(view.id);
  const mine = view.consortia.find((c) => c.members.includes(associationId));
  const invitations = view.consortia.filter(
    (c) => !c.members.includes(associationId) && c.invitations.some((i) => i.associationId === associationId && i.status === 'pending'),
  );
  const applied = view.applications.some((a) => a.members.includes(associationId));
  const answer = useMutation({
    mutationFn: ({ consortiumId, accept }: { consortiumId: string; accept: boolean }) =>
      accept
        ? call(api.POST('/consortia/{id}/invitations/{associationId}/accept', { params: { path: { id: consortiumId, associationId } } }))
        : call(api.POST('/consortia/{id}/invitations/{associationId}/decline', { params: { path: { id: consortiumId, associationId } } })),
    onSuccess: refresh,
  });
  if (view.phase !== 'open') return null;
  return (
    <>
      {invitations.map((c) => (
        <section key={c.id} aria-labelledby={`invitation-${c.id}`} className="panel">
          <h2 id={`invitation-${c.id}`}>{t('consortium.invitedTitle', { name: c.name })}</h2>
          <p>{t('consortium.invitedLead', { lead: name(c.leadAssociationId), members: c.members.map(name).join(', ') })}</p>
          {answer.error && <ErrorAlert error={answer.error} />}
          <p className="actions">
            <Button onClick={() => answer.mutate({ consortiumId: c.id, accept: true })} disabled={answer.isPending || !!mine}>
              {t('consortium.accept')}
            </Button>
            <Button variant="secondary" onClick={() => answer.mutate({ consortiumId: c.id, accept: false })} disabled={answer.isPending}>
              {t('consortium.decline')}
            </Button>
          </p>
          {mine && <p>{t('consortium.alreadyIn', { name: mine.name })}</p>}
        </section>
      ))}
      {!mine && !applied && <CreateConsortiumForm view={view} done={refresh} />}
      {mine && mine.leadAssociationId === associationId && !mine.applicationId && <InviteForm view={view} consortium={mine} name={name} done={refresh} />}
      {!applied && (!mine || mine.leadAssociationId === associationId) && <ExpressionForm view={view} consortium={mine} name={name} done={refresh} />}
      {mine && mine.leadAssociationId !== associationId && !applied && <p>{t('consortium.leadExpresses', { lead: name(mine.leadAssociationId) })}</p>}
    </>
  );
}

function CreateConsortiumForm({ view, done }: { view: Call; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string>();
  const create = useMutation({
    mutationFn: () => call(api.POST('/calls/{id}/consortia', { params: { path: { id: view.id } }, body: { name: label.trim() } })),
    onSuccess: done,
  });
  return (
    <details className="panel disclosure" id="create-consortium">
      <summary>{t('consortium.createTitle')}</summary>
      <p>{t('consortium.createLead')}</p>
      {create.error && <ErrorAlert error={create.error} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!label.trim()) return setError(t('error.required'));
          setError(undefined);
          create.mutate();
        }}
        noValidate
      >
        <Field name="consortium-name" label={t('consortium.name')} error={error}>
          {(props) => <Input {...props} maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} />}
        </Field>
        <Button type="submit" disabled={create.isPending}>
          {t('consortium.create')}
        </Button>
      </form>
    </details>
  );
}

function InviteForm({ view, consortium, name, done }: { view: Call; consortium: Call['consortia'][number]; name: Name; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const asked = new Set([...consortium.members, ...consortium.invitations.filter((i) => i.status === 'pending').map((i) => i.associationId)]);
  const others = view.invited.filter((id) => !asked.has(id));
  const [choice, setChoice] = useState('');
  const invite = useMutation({
    mutationFn: (associationId: string) => call(api.POST('/consortia/{id}/invitations', { params: { path: { id: consortium.id } }, body: { associationId } })),
    onSuccess: async () => {
      setChoice('');
      await done();
    },
  });
  if (!others.length) return null;
  const picked = others.includes(choice) ? choice : others[0];
  return (
    <section aria-labelledby="invite" className="panel">
      <h2 id="invite">{t('consortium.inviteTitle', { name: consortium.name })}</h2>
      {invite.isSuccess && <Alert kind="success">{t('consortium.invited')}</Alert>}
      {invite.error && <ErrorAlert error={invite.error} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          invite.mutate(picked);
        }}
        noValidate
      >
        <Field name="invite-association" label={t('consortium.inviteWho')} hint={t('consortium.inviteHint')}>
          {(props) => (
            <Select {...props} value={picked} onChange={(e) => setChoice(e.target.value)}>
              {others.map((id) => (
                <option key={id} value={id}>
                  {name(id)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button type="submit" disabled={invite.isPending}>
          {t('consortium.invite')}
        </Button>
      </form>
    </section>
  );
}

function ExpressionForm({ view, consortium, name, done }: { view: Call; consortium?: Call['consortia'][number]; name: Name; done: () => Promise<unknown> }) {
  const { t, euros, dateTime } = useI18n();
  const members = consortium?.members ?? [];
  const splitting = view.paidPreselection && members.length > 1;
  const even = members.map((_, i) => Math.floor(100 / members.length) + (i < 100 % members.length ? 1 : 0));
  const [summary, setSummary] = useState('');
  const [typed, setTyped] = useState<Record<string, string>>({});
  // Members may join after the form opened: each starts at its even part until typed.
  const percents = members.map((m, i) => typed[m] ?? String(even[i]));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const express = useMutation({
    mutationFn: (body: Schemas['ExpressInterestDto']) => call(api.POST('/calls/{id}/expressions', { params: { path: { id: view.id } }, body })),
    onSuccess: done,
  });
  const total = percents.reduce((sum, p) => sum + (Number(p) || 0), 0);
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!summary.trim()) found['eoi-summary'] = t('error.required');
    if (splitting) {
      percents.forEach((p, i) => {
        if (!/^\d{1,3}$/.test(p.trim())) found[`eoi-percent-${i}`] = t('eoi.percentWhole');
      });
      if (!Object.keys(found).some((k) => k.startsWith('eoi-percent')) && total !== 100) found['eoi-percent-0'] = t('eoi.percentTotal', { total });
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    express.mutate({
      summary: summary.trim(),
      ...(consortium ? { consortiumId: consortium.id } : {}),
      ...(splitting ? { stipendSplit: members.map((associationId, i) => ({ associationId, percent: Number(percents[i]) })) } : {}),
    });
  }
  const labels: Record<string, string> = {
    'eoi-summary': t('eoi.summary'),
    ...Object.fromEntries(members.map((m, i) => [`eoi-percent-${i}`, t('eoi.percentOf', { member: name(m) })])),
  };
  return (
    <section aria-labelledby="eoi" className="panel">
      <h2 id="eoi">{consortium ? t('eoi.titleConsortium', { name: consortium.name }) : t('eoi.titleAlone')}</h2>
      <p>{t('eoi.lead', { deadline: dateTime(view.eoiDeadline) })}</p>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {express.error && <ErrorAlert error={express.error} />}
      <form onSubmit={submit} noValidate>
        <Field name="eoi-summary" label={t('eoi.summary')} hint={t('eoi.summaryHint')} error={errors['eoi-summary']}>
          {(props) => <TextArea {...props} rows={4} maxLength={4000} value={summary} onChange={(e) => setSummary(e.target.value)} />}
        </Field>
        {splitting && (
          <fieldset>
            <legend>{t('eoi.split', { stipend: euros(Number(view.policy.stipendCents ?? 0)) })}</legend>
            {members.map((m, i) => (
              <Field key={m} name={`eoi-percent-${i}`} label={t('eoi.percentOf', { member: name(m) })} error={errors[`eoi-percent-${i}`]}>
                {(props) => (
                  <Input {...props} inputMode="numeric" autoComplete="off" value={percents[i]} onChange={(e) => setTyped({ ...typed, [m]: e.target.value })} />
                )}
              </Field>
            ))}
            <p role="status" className={total !== 100 ? 'warning-text' : undefined}>
              {t('eoi.percentSum', { total })}
            </p>
          </fieldset>
        )}
        <Button type="submit" disabled={express.isPending}>
          {t('eoi.submit')}
        </Button>
      </form>
    </section>
  );
}
