import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Table } from '../components/data';
import { Button, ErrorSummary, Field, Input, Select } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

export const SECTORS = ['education', 'sport', 'culture', 'housing', 'employment', 'health', 'social_action', 'public_space'] as const;
export type Sector = (typeof SECTORS)[number];
type DirectionDraft = { sector: Sector; name: string; contact: string };
type Direction = Schemas['CodirDirectionDto'];

/** A CODIR's status in words. */
export function CodirStatus({ status }: { status: string }) {
  const { t } = useI18n();
  const tone = status === 'closed' ? 'neutral' : status === 'following' ? 'success' : 'info';
  return <span className={`badge badge-${tone}`}>{t(`codir.status.${status}` as MessageKey)}</span>;
}

/** Directions as the API takes them: an id from the sector (a second of the same sector numbered). */
export function directionsOf(drafts: DirectionDraft[]): Direction[] {
  const seen = new Map<string, number>();
  return drafts.map((d) => {
    const n = (seen.get(d.sector) ?? 0) + 1;
    seen.set(d.sector, n);
    return {
      directionId: n === 1 ? d.sector.replace('_', '-') : `${d.sector.replace('_', '-')}-${n}`,
      sector: d.sector,
      name: d.name.trim(),
      contact: d.contact.trim(),
    };
  });
}

/** The directions to invite: a sector, a name and a contact each; rows added and taken away. */
export function DirectionsEditor({
  id,
  drafts,
  onChange,
  errors,
}: {
  id: string;
  drafts: DirectionDraft[];
  onChange: (d: DirectionDraft[]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<DirectionDraft>) => onChange(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <fieldset className="directions">
      <legend>{t('codir.directions')}</legend>
      {drafts.map((d, i) => (
        <div key={i} className="direction-row">
          <Field name={`${id}-sector-${i}`} label={t('codir.sectorN', { n: i + 1 })}>
            {(props) => (
              <Select {...props} value={d.sector} onChange={(e) => set(i, { sector: e.target.value as Sector })}>
                {SECTORS.map((s) => (
                  <option key={s} value={s}>
                    {t(`codir.sector.${s}` as MessageKey)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field name={`${id}-name-${i}`} label={t('codir.directionNameN', { n: i + 1 })} error={errors[`name-${i}`]}>
            {(props) => <Input {...props} value={d.name} maxLength={200} onChange={(e) => set(i, { name: e.target.value })} />}
          </Field>
          <Field
            name={`${id}-contact-${i}`}
            label={t('codir.contactN', { n: i + 1 })}
            hint={i === 0 ? t('codir.contactHint') : undefined}
            error={errors[`contact-${i}`]}
          >
            {(props) => <Input {...props} value={d.contact} maxLength={200} onChange={(e) => set(i, { contact: e.target.value })} />}
          </Field>
          {drafts.length > 1 && (
            <Button type="button" variant="secondary" onClick={() => onChange(drafts.filter((_, j) => j !== i))}>
              {t('codir.removeDirection', { n: i + 1 })}
            </Button>
          )}
        </div>
      ))}
      {drafts.length < 20 && (
        <Button type="button" variant="secondary" onClick={() => onChange([...drafts, { sector: 'culture', name: '', contact: '' }])}>
          {t('codir.addDirection')}
        </Button>
      )}
    </fieldset>
  );
}

function defaultDrafts(t: (key: MessageKey) => string): DirectionDraft[] {
  return (['education', 'sport', 'social_action'] as const).map((sector) => ({ sector, name: t(`codir.defaultName.${sector}` as MessageKey), contact: '' }));
}

/** What is missing in the directions, on the field at fault. */
function directionErrors(drafts: DirectionDraft[], t: (key: MessageKey) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  drafts.forEach((d, i) => {
    if (!d.name.trim()) errors[`name-${i}`] = t('error.required');
    if (!d.contact.trim()) errors[`contact-${i}`] = t('codir.contactRequired');
  });
  return errors;
}

/** The territory's CODIRs, its yearly Schedule, and (its project lead) opening one by hand. */
export function CodirsPage({ me }: { me: Me }) {
  const { t, date } = useI18n();
  const lead = me.role === 'project_lead';
  const binome = lead || me.role === 'prefect_delegate';
  const codirs = useQuery({ queryKey: ['codirs'], queryFn: () => call(api.GET('/codirs', { params: { query: { pageSize: 50 } } })) });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const territoryName = (id: string) => territories.data?.find((tr) => tr.id === id)?.name ?? id;
  if (codirs.error instanceof ApiError && codirs.error.status === 403) return <Alert kind="info">{t('codir.notYours')}</Alert>;
  return (
    <Page title={t('codir.title')} lead={t('codir.lead')}>
      {codirs.isPending && <Loading />}
      {codirs.error && <ErrorAlert error={codirs.error} />}
      {codirs.data &&
        (codirs.data.items.length === 0 ? (
          <p>{t('codir.none')}</p>
        ) : (
          <Table
            caption={t('codir.listCaption')}
            head={[
              t('codir.year'),
              t('codir.territory'),
              t('grant.status'),
              t('codir.meeting'),
              t('codir.statements'),
              t('codir.openCommitments'),
              t('codir.next'),
            ]}
          >
            {codirs.data.items.map((c) => (
              <tr key={c.id}>
                <td data-label={t('codir.year')}>
                  <Link to={`/codir/${c.id}`}>{t('codir.ofYear', { year: c.year })}</Link>
                </td>
                <td data-label={t('codir.territory')}>{territoryName(c.territoryId)}</td>
                <td data-label={t('grant.status')}>
                  <CodirStatus status={c.status} />
                </td>
                <td data-label={t('codir.meeting')}>{date(c.meetingAt)}</td>
                <td data-label={t('codir.statements')}>{t('codir.statedOf', { stated: c.stated, directions: c.directions })}</td>
                <td data-label={t('codir.openCommitments')}>{c.openCommitments}</td>
                <td data-label={t('codir.next')}>{c.nextDueAt ? date(c.nextDueAt) : '—'}</td>
              </tr>
            ))}
          </Table>
        ))}
      {binome && me.territory && <SchedulePanel territoryId={me.territory.id} lead={lead} />}
      {lead && me.territory && <OpenForm territoryId={me.territory.id} />}
    </Page>
  );
}

function SchedulePanel({ territoryId, lead }: { territoryId: string; lead: boolean }) {
  const { t, date } = useI18n();
  const queries = useQueryClient();
  const schedule = useQuery({
    queryKey: ['codir-schedule', territoryId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/territories/{territoryId}/codir-schedule', { params: { path: { territoryId } } });
      if (response.status === 404) return null;
      if (error) throw new ApiError(response.status, (error as { message?: string }).message ?? String(response.status));
      return data;
    },
  });
  const [form, setForm] = useState({ month: '1', day: '15', meetingAfterDays: '45' });
  const [drafts, setDrafts] = useState<DirectionDraft[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => queries.invalidateQueries({ queryKey: ['codir-schedule', territoryId] });
  const save = useMutation({
    mutationFn: (body: Schemas['CodirScheduleDto']) => call(api.PUT('/territories/{territoryId}/codir-schedule', { params: { path: { territoryId } }, body })),
    onSuccess: refresh,
  });
  const stop = useMutation({
    mutationFn: () => call(api.DELETE('/territories/{territoryId}/codir-schedule', { params: { path: { territoryId } } })),
    onSuccess: refresh,
  });
  const current = drafts ?? schedule.data?.directions.map((d) => ({ sector: d.sector as Sector, name: d.name, contact: d.contact })) ?? defaultDrafts(t);
  const months = Array.from({ length: 12 }, (_, m) =>
    new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m, 1))),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    const found = directionErrors(current, t);
    const day = Number(form.day);
    const after = Number(form.meetingAfterDays);
    if (!(Number.isInteger(day) && day >= 1 && day <= 28)) found.day = t('codir.dayRange');
    if (!(Number.isInteger(after) && after >= 15 && after <= 120)) found.after = t('codir.afterRange');
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate({ month: Number(form.month), day, meetingAfterDays: after, directions: directionsOf(current) });
  }
  return (
    <section aria-labelledby="codir-schedule" className="panel">
      <h2 id="codir-schedule">{t('codir.scheduleTitle')}</h2>
      {schedule.isPending && <Loading />}
      {schedule.error && <ErrorAlert error={schedule.error} />}
      {schedule.data === null && <p>{t('codir.noSchedule')}</p>}
      {schedule.data && (
        <Facts
          items={[
            [
              t('codir.opensOn'),
              t('codir.opensOnValue', { day: schedule.data.day, month: months[schedule.data.month - 1], after: schedule.data.meetingAfterDays }),
            ],
            [t('codir.nextOpenings'), schedule.data.nextOpenings.map((at) => date(at)).join(', ')],
            [t('codir.lastOpened'), schedule.data.lastOpenedAt ? date(schedule.data.lastOpenedAt) : t('codir.never')],
            [t('codir.directions'), schedule.data.directions.map((d) => d.name).join(', ')],
          ]}
        />
      )}
      {lead && (
        <details className="disclosure">
          <summary>{schedule.data ? t('codir.changeSchedule') : t('codir.setSchedule')}</summary>
          {save.isSuccess && <Alert kind="success">{t('codir.scheduleSaved')}</Alert>}
          {save.error && <ErrorAlert error={save.error} />}
          <form onSubmit={submit} noValidate>
            <Field name="schedule-month" label={t('codir.month')}>
              {(props) => (
                <Select {...props} value={form.month} onChange={(e) => setForm({ ...form, month: e.target.value })}>
                  {months.map((m, i) => (
                    <option key={m} value={i + 1}>
                      {m}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field name="schedule-day" label={t('codir.day')} hint={t('codir.dayRange')} error={errors.day}>
              {(props) => <Input {...props} inputMode="numeric" value={form.day} onChange={(e) => setForm({ ...form, day: e.target.value })} />}
            </Field>
            <Field name="schedule-after" label={t('codir.meetingAfterDays')} hint={t('codir.afterRange')} error={errors.after}>
              {(props) => (
                <Input {...props} inputMode="numeric" value={form.meetingAfterDays} onChange={(e) => setForm({ ...form, meetingAfterDays: e.target.value })} />
              )}
            </Field>
            <DirectionsEditor id="schedule" drafts={current} onChange={setDrafts} errors={errors} />
            <Button type="submit" disabled={save.isPending}>
              {t('codir.saveSchedule')}
            </Button>
          </form>
          {schedule.data && (
            <Button type="button" variant="danger" disabled={stop.isPending} onClick={() => stop.mutate()}>
              {t('codir.stopSchedule')}
            </Button>
          )}
        </details>
      )}
    </section>
  );
}

function OpenForm({ territoryId }: { territoryId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [meetingDay, setMeetingDay] = useState('');
  const [drafts, setDrafts] = useState<DirectionDraft[]>(() => defaultDrafts(t));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const open = useMutation({
    mutationFn: (body: Schemas['OpenCodirDto']) => call(api.POST('/codirs', { body })),
    onSuccess: async (codir) => {
      await queries.invalidateQueries({ queryKey: ['codirs'] });
      await navigate(`/codir/${codir.id}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const found = directionErrors(drafts, t);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(meetingDay)) found.meeting = t('codir.meetingDayRequired');
    setErrors(found);
    if (Object.keys(found).length === 0)
      open.mutate({ territory: territoryId, meetingAt: new Date(`${meetingDay}T09:30:00`).toISOString(), directions: directionsOf(drafts) });
  }
  const label = (field: string) => {
    const [kind, n] = field.split('-');
    if (kind === 'meeting') return t('codir.meetingDay');
    return kind === 'name' ? t('codir.directionNameN', { n: Number(n) + 1 }) : t('codir.contactN', { n: Number(n) + 1 });
  };
  const summary = Object.entries(errors).map(([field, message]) => ({ field: `open-${field}`, label: label(field), message }));
  return (
    <details className="panel disclosure" id="open-codir">
      <summary>{t('codir.openTitle')}</summary>
      <p>{t('codir.openLead')}</p>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      {open.error && <ErrorAlert error={open.error} />}
      <form onSubmit={submit} noValidate>
        <Field name="open-meeting" label={t('codir.meetingDay')} hint={t('codir.meetingDayHint')} error={errors.meeting}>
          {(props) => <Input {...props} type="date" value={meetingDay} onChange={(e) => setMeetingDay(e.target.value)} />}
        </Field>
        <DirectionsEditor id="open" drafts={drafts} onChange={setDrafts} errors={errors} />
        <Button type="submit" disabled={open.isPending}>
          {t('codir.open')}
        </Button>
      </form>
    </details>
  );
}
