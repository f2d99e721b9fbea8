import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Table } from '../components/data';
import { Button, ErrorSummary, Field, Input, TextArea, TextsForm } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { Timeline } from './micro-grant';
import { NotFound } from './not-found';

type Sheet = Schemas['MissionSheetDto'];
type Content = Schemas['MissionSheetContentDto'];
const PARTS = ['activityReport', 'priorities', 'splitOfWork', 'complementarity'] as const;
type Side = 'project_lead' | 'prefect_delegate';

/** A mission sheet's status in words. */
function SheetStatus({ status }: { status: string }) {
  const { t } = useI18n();
  const tone = status === 'adopted' ? 'success' : status === 'lapsed' ? 'error' : 'info';
  return <span className={`badge badge-${tone}`}>{t(`sheet.status.${status}` as MessageKey)}</span>;
}

/** The mission sheets: the binôme's (and the form to open the year's), an association's adopted ones. */
export function MissionSheetsPage({ me }: { me: Me }) {
  const { t, date } = useI18n();
  const binome = me.role === 'project_lead' || me.role === 'prefect_delegate';
  const sheets = useQuery({ queryKey: ['mission-sheets'], queryFn: () => call(api.GET('/mission-sheets', { params: { query: { pageSize: 50 } } })) });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  if (sheets.error instanceof ApiError && sheets.error.status === 403) return <Alert kind="info">{t('sheet.notYours')}</Alert>;
  return (
    <Page title={t('sheet.listTitle')} lead={binome ? t('sheet.leadBinome') : t('sheet.leadOthers')}>
      {sheets.isPending && <Loading />}
      {sheets.error && <ErrorAlert error={sheets.error} />}
      {sheets.data &&
        (sheets.data.items.length === 0 ? (
          <p>{t('sheet.none')}</p>
        ) : (
          <Table caption={t('sheet.listCaption')} head={[t('codir.year'), t('codir.territory'), t('grant.status'), t('sheet.copil'), t('sheet.version')]}>
            {sheets.data.items.map((s) => (
              <tr key={s.id}>
                <td data-label={t('codir.year')}>
                  <Link to={`/feuilles-de-mission/${s.id}`}>{t('sheet.ofYear', { year: s.year })}</Link>
                </td>
                <td data-label={t('codir.territory')}>{territories.data?.find((tr) => tr.id === s.territoryId)?.name ?? s.territoryId}</td>
                <td data-label={t('grant.status')}>
                  <SheetStatus status={s.status} />
                </td>
                <td data-label={t('sheet.copil')}>{s.adoptedOn ? t('sheet.adoptedOn', { date: date(s.adoptedOn) }) : date(s.copilAt)}</td>
                <td data-label={t('sheet.version')}>{s.version}</td>
              </tr>
            ))}
          </Table>
        ))}
      {binome && me.territory && <OpenSheetForm territoryId={me.territory.id} />}
    </Page>
  );
}

function OpenSheetForm({ territoryId }: { territoryId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [year, setYear] = useState(String(new Date().getFullYear() + 1));
  const [copilDay, setCopilDay] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const open = useMutation({
    mutationFn: () =>
      call(api.POST('/mission-sheets', { body: { territory: territoryId, year: Number(year), copilAt: new Date(`${copilDay}T14:00:00`).toISOString() } })),
    onSuccess: (sheet) => navigate(`/feuilles-de-mission/${sheet.id}`),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!(/^\d{4}$/.test(year) && Number(year) >= 2000 && Number(year) <= 2100)) found['sheet-year'] = t('annual.chooseYear');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(copilDay)) found['sheet-copil'] = t('sheet.copilRequired');
    setErrors(found);
    if (Object.keys(found).length === 0) open.mutate();
  }
  const labels: Record<string, string> = { 'sheet-year': t('codir.year'), 'sheet-copil': t('sheet.copilDay') };
  return (
    <section aria-labelledby="open-sheet" className="panel">
      <h2 id="open-sheet">{t('sheet.openTitle')}</h2>
      <p>{t('sheet.openLead')}</p>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {open.error && <ErrorAlert error={open.error} />}
      <form onSubmit={submit} noValidate>
        <Field name="sheet-year" label={t('codir.year')} error={errors['sheet-year']}>
          {(props) => <Input {...props} inputMode="numeric" value={year} onChange={(e) => setYear(e.target.value)} />}
        </Field>
        <Field name="sheet-copil" label={t('sheet.copilDay')} hint={t('sheet.copilHint')} error={errors['sheet-copil']}>
          {(props) => <Input {...props} type="date" value={copilDay} onChange={(e) => setCopilDay(e.target.value)} />}
        </Field>
        <Button type="submit" disabled={open.isPending}>
          {t('sheet.open')}
        </Button>
      </form>
    </section>
  );
}

/**
 * A mission sheet: the past year's figures, the version on the table in its four parts, each
 * member's signature; for the binôme, a new version and its signature; for the project lead, the
 * Copil's decision; every version kept, and the timeline.
 */
export function MissionSheetPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, date, euros } = useI18n();
  const queries = useQueryClient();
  const sheet = useQuery({
    queryKey: ['mission-sheet', id],
    queryFn: () => call(api.GET('/mission-sheets/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['mission-sheet', id] }),
      queries.invalidateQueries({ queryKey: ['events', id] }),
      queries.invalidateQueries({ queryKey: ['mission-sheets'] }),
    ]);
  const sign = useMutation({ mutationFn: () => call(api.POST('/mission-sheets/{id}/signature', { params: { path: { id } } })), onSuccess: refresh });
  if (sheet.error instanceof ApiError && (sheet.error.status === 404 || sheet.error.status === 403))
    return <NotFound title={t('sheet.notFound')} body={t('grant.notFoundBody')} />;
  if (sheet.isPending) return <Loading />;
  if (sheet.error) return <ErrorAlert error={sheet.error} />;
  const s = sheet.data;
  const current = s.versions[s.versions.length - 1];
  const side = (me.role === 'project_lead' || me.role === 'prefect_delegate') && me.territory?.id === s.territoryId ? me.role : null;
  const open = s.status === 'drafting' || s.status === 'signed';
  const f = s.figures;
  const signature = (role: Side) => {
    const sig = current.signatures[role];
    return sig ? t('sheet.signedOn', { date: date(sig.at) }) : t('sheet.awaited');
  };
  const sentBack = [...s.decisions].reverse().find((d) => !d.adopted);
  return (
    <Page title={t('sheet.title', { year: s.year, territory: territories.data?.find((tr) => tr.id === s.territoryId)?.name ?? s.territoryId })}>
      <Facts
        items={[
          [t('grant.status'), <SheetStatus key="s" status={s.status} />],
          [t('sheet.copil'), date(s.copilAt)],
          [t('sheet.version'), String(current.version)],
          [t('sheet.side.project_lead'), signature('project_lead')],
          [t('sheet.side.prefect_delegate'), signature('prefect_delegate')],
        ]}
      />
      {s.status === 'adopted' && <Alert kind="success">{t('sheet.adoptedAlert', { date: date(s.decisions.find((d) => d.adopted)!.decidedOn) })}</Alert>}
      {s.status === 'drafting' && sentBack && sentBack.version === current.version && (
        <Alert kind="warning">{t('sheet.sentBackAlert', { date: date(sentBack.decidedOn), comments: sentBack.comments ?? '' })}</Alert>
      )}
      {side && open && !current.signatures[side] && (
        <section aria-labelledby="sign" className="panel">
          <h2 id="sign">{t('sheet.signTitle', { version: current.version })}</h2>
          <p>{t('sheet.signLead')}</p>
          {sign.error && <ErrorAlert error={sign.error} />}
          <Button type="button" disabled={sign.isPending} onClick={() => sign.mutate()}>
            {t('sheet.sign', { version: current.version })}
          </Button>
        </section>
      )}

      {PARTS.map((part) => (
        <section key={part} aria-labelledby={`part-${part}`}>
          <h2 id={`part-${part}`}>{t(`sheet.part.${part}` as MessageKey)}</h2>
          <p className="pre-line">{current.content[part] || t('sheet.toWrite')}</p>
        </section>
      ))}

      <section aria-labelledby="figures" className="panel">
        <h2 id="figures">{t('sheet.figures', { year: f.year })}</h2>
        <Facts
          items={[
            [
              t('sheet.microGrants'),
              t('sheet.microGrantsValue', { requested: f.microGrantsRequested, approved: f.microGrantsApproved, rejected: f.microGrantsRejected }),
            ],
            [t('sheet.envelope'), t('sheet.envelopeValue', { committed: euros(f.envelopeCommittedCents), total: euros(f.envelopeTotalCents) })],
            [t('sheet.paid'), t('sheet.paidValue', { paid: euros(f.paidCents), orders: f.paymentOrders })],
            [
              t('sheet.followed'),
              t('sheet.followedValue', { calls: f.callsLaunched, agreements: f.agreementsFollowed, selected: f.cohortSelected, taskForces: f.taskForces }),
            ],
            [t('annual.codir'), f.codirHeld ? t('sheet.codirHeld') : t('sheet.codirNotHeld')],
          ]}
        />
        <p>
          <Link to={`/rapports/${s.territoryId}/${f.year}`}>{t('sheet.report', { year: f.year })}</Link>
        </p>
      </section>

      {side && open && <ReviseForm sheet={s} done={refresh} />}
      {open && (me.role === 'admin' || (me.role === 'project_lead' && me.territory?.id === s.territoryId)) && s.status === 'signed' && (
        <DecisionForm sheet={s} done={refresh} />
      )}

      {s.versions.length > 1 && (
        <section aria-labelledby="versions">
          <h2 id="versions">{t('sheet.versions')}</h2>
          <Table
            caption={t('sheet.versionsCaption')}
            head={[t('sheet.version'), t('sheet.writtenBy'), t('sheet.side.project_lead'), t('sheet.side.prefect_delegate')]}
          >
            {[...s.versions].reverse().map((v) => (
              <tr key={v.version}>
                <td data-label={t('sheet.version')}>{v.version}</td>
                <td data-label={t('sheet.writtenBy')}>{t('sheet.writtenByValue', { who: t(`sheet.author.${v.side}` as MessageKey), date: date(v.at) })}</td>
                <td data-label={t('sheet.side.project_lead')}>{v.signatures.project_lead ? date(v.signatures.project_lead.at) : '—'}</td>
                <td data-label={t('sheet.side.prefect_delegate')}>{v.signatures.prefect_delegate ? date(v.signatures.prefect_delegate.at) : '—'}</td>
              </tr>
            ))}
          </Table>
        </section>
      )}
      {me.role !== 'association' && <Timeline id={s.id} />}
    </Page>
  );
}

function ReviseForm({ sheet, done }: { sheet: Sheet; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const current = sheet.versions[sheet.versions.length - 1];
  const [content, setContent] = useState<Content>({ ...current.content });
  const revise = useMutation({
    mutationFn: () => call(api.POST('/mission-sheets/{id}/versions', { params: { path: { id: sheet.id } }, body: content })),
    onSuccess: done,
  });
  return (
    <details className="panel disclosure" id="revise" open={current.version === 1 && !current.content.priorities}>
      <summary>{t('sheet.reviseTitle')}</summary>
      <p>{t('sheet.reviseLead')}</p>
      {revise.isSuccess && <Alert kind="success">{t('agreement.recorded')}</Alert>}
      {revise.error && <ErrorAlert error={revise.error} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          revise.mutate();
        }}
        noValidate
      >
        {PARTS.map((part) => (
          <Field key={part} name={`revise-${part}`} label={t(`sheet.part.${part}` as MessageKey)} hint={t(`sheet.hint.${part}` as MessageKey)}>
            {(props) => (
              <TextArea
                {...props}
                rows={part === 'activityReport' ? 8 : 4}
                maxLength={8000}
                value={content[part]}
                onChange={(e) => setContent({ ...content, [part]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <Button type="submit" disabled={revise.isPending}>
          {t('sheet.putOnTable')}
        </Button>
      </form>
    </details>
  );
}

function DecisionForm({ sheet, done }: { sheet: Sheet; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const path = { params: { path: { id: sheet.id } } };
  const adopt = useMutation({ mutationFn: () => call(api.POST('/mission-sheets/{id}/copil-decision', { ...path, body: { adopted: true } })), onSuccess: done });
  return (
    <section aria-labelledby="copil-decision" className="panel">
      <h2 id="copil-decision">{t('sheet.decisionTitle')}</h2>
      <p>{t('sheet.decisionLead')}</p>
      {adopt.error && <ErrorAlert error={adopt.error} />}
      <Button type="button" disabled={adopt.isPending} onClick={() => adopt.mutate()}>
        {t('sheet.adopt')}
      </Button>
      <TextsForm
        id="send-back"
        title={t('sheet.sendBackTitle')}
        collapsed
        fields={[{ name: 'comments', label: t('sheet.comments'), required: true, rows: 4 }]}
        submitLabel={t('sheet.sendBack')}
        variant="secondary"
        submit={async ({ comments }) => {
          await call(api.POST('/mission-sheets/{id}/copil-decision', { ...path, body: { adopted: false, comments } }));
          await done();
        }}
      />
    </section>
  );
}
