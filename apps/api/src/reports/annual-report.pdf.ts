import PDFDocument from 'pdfkit';
import { Amount, AnnualReport, COLLEGE_NAMES, NO_QPV, PaymentPath, UNATTRIBUTED, dayFr, formatCentsFr } from '@grants/domain';

/** The French names the report prints (the web app has its own, in both languages). */
const PATHS: Record<PaymentPath, string> = {
  micro_grant: 'Micro-subventions',
  preselection_stipend: 'Indemnités de présélection',
  consortium_tranche: 'Tranches des consortiums',
  operating_tranche: "Tranches des conventions d'ancrage",
  coordination: 'Temps de coordination',
};
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const STATUS: Record<string, string> = {
  proposed: 'proposée',
  signed: 'signée',
  ended: 'terminée',
  running: 'en cours',
  closed: 'close',
  cancelled: 'annulée',
};

const INK = '#1a1a1a';
const MUTED = '#555555';
const BAR = '#1f4e8c';
const LEFT = 50;
const WIDTH = 495;

/** The PDF's standard fonts write in WinAnsi: the narrow no-break space Intl puts in amounts becomes a no-break space. */
const euros = (cents: number) => formatCentsFr(cents).replace(/\u202f/g, '\u00a0');
const label = (a: Amount) =>
  a.key === UNATTRIBUTED ? 'Enveloppe sans financeur désigné' : a.key === NO_QPV ? 'QPV non précisé' : (PATHS[a.key as PaymentPath] ?? a.label);

/** The territory's annual report as a PDF (A4, French), charts drawn as vector bars. */
export function annualReportPdf(report: AnnualReport, generatedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: `Rapport annuel ${report.year} — ${report.territory.name}`,
      Author: 'Moteur des subventions de la politique de la ville',
      Subject: 'Rapport annuel du territoire',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const room = (height: number) => {
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const heading = (text: string) => {
    room(60);
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(14).fillColor(INK).text(text, LEFT, doc.y, { width: WIDTH });
    doc.moveDown(0.3).font('Helvetica').fontSize(10);
  };
  const line = (text: string, color = INK) => {
    room(14);
    doc.font('Helvetica').fontSize(10).fillColor(color).text(text, LEFT, doc.y, { width: WIDTH });
  };
  /** Horizontal bars: a label, a bar as long as its share of the largest, the amount. */
  const bars = (title: string, rows: Amount[]) => {
    room(30 + Math.min(rows.length, 3) * 16);
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(INK).text(title, LEFT, doc.y);
    doc.moveDown(0.2);
    if (rows.length === 0) return line('Aucun paiement.', MUTED);
    const max = Math.max(...rows.map((r) => r.cents), 1);
    for (const row of rows) {
      room(16);
      const y = doc.y;
      doc.font('Helvetica').fontSize(9).fillColor(INK).text(label(row), LEFT, y, { width: 190, height: 12, ellipsis: true });
      doc.rect(LEFT + 195, y, Math.max((row.cents / max) * 200, 1), 10).fill(BAR);
      doc.fillColor(INK).text(euros(row.cents), LEFT + 400, y, { width: 95, align: 'right' });
      doc.y = y + 15;
    }
  };
  /** Vertical bars for the twelve months. */
  const months = (values: number[]) => {
    room(150);
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Par mois (date de l’ordre de paiement)', LEFT, doc.y);
    const top = doc.y + 8;
    const height = 100;
    const max = Math.max(...values, 1);
    const step = WIDTH / 12;
    values.forEach((cents, i) => {
      const h = (cents / max) * height;
      if (cents > 0) doc.rect(LEFT + i * step + 6, top + height - h, step - 12, Math.max(h, 1)).fill(BAR);
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor(INK)
        .text(MONTHS[i], LEFT + i * step, top + height + 4, { width: step, align: 'center' });
    });
    doc
      .moveTo(LEFT, top + height)
      .lineTo(LEFT + WIDTH, top + height)
      .strokeColor(MUTED)
      .lineWidth(0.5)
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`échelle : le plus haut = ${euros(max)}`, LEFT, top + height + 16);
    doc.y = top + height + 30;
  };

  doc.font('Helvetica-Bold').fontSize(20).fillColor(INK).text(`Rapport annuel ${report.year}`, LEFT, 50);
  doc.font('Helvetica').fontSize(13).text(report.territory.name);
  doc
    .moveDown(0.3)
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      `Établi le ${dayFr(generatedAt.toISOString())} à partir du journal des événements` +
        (report.lastEventAt ? ` (dernier événement compté : ${dayFr(report.lastEventAt)}).` : ' (aucun événement cette année).') +
        ' Régénéré plus tard, il donne les mêmes chiffres.',
    );

  const p = report.payments;
  heading('Paiements de l’année');
  line(`${euros(p.totalCents)} ordonnancés en ${p.orders} ordre${p.orders > 1 ? 's' : ''} de paiement.`);
  bars('Par parcours', p.byPath);
  bars('Par financeur (les appels et le temps de coordination répartis selon leur plan de financement)', p.byFunder);
  bars('Par quartier prioritaire (QPV)', p.byQpv);
  bars('Par thème (un paiement compte sous chacun de ses thèmes)', p.byTheme);
  months(p.byMonth);

  const e = report.envelope;
  heading('Enveloppe des micro-subventions');
  line(`Enveloppe : ${euros(e.totalCents)} ; engagé : ${euros(e.committedCents)} ; payé : ${euros(e.paidCents)} ; disponible : ${euros(e.availableCents)}.`);
  line(
    `${e.requested} demande(s) : ${e.approved} approuvée(s), ${e.rejected} refusée(s), ${e.expired} expirée(s), ${e.escalated} soumise(s) au binôme hors plafond.`,
  );

  heading('Appels à projets lancés');
  if (report.calls.length === 0) line('Aucun appel lancé cette année.', MUTED);
  for (const c of report.calls) {
    line(
      `${c.title} (lancé le ${dayFr(c.launchedAt)}, budget ${euros(c.budgetCents)}) : ${c.consortia} consortium(s), ${c.applications} manifestation(s) d’intérêt, ${c.shortlisted} présélectionnée(s), ${c.awards} lauréat(s) pour ${euros(c.awardedCents)}.`,
    );
  }

  heading('Conventions d’ancrage');
  if (report.agreements.length === 0) line('Aucune convention cette année.', MUTED);
  for (const a of report.agreements) {
    const ordered = a.ordered.map((t) => `année ${t.year} versée (${euros(t.amountCents)})`);
    const withheld = a.withheld.map((t) => `année ${t.year} retenue (${euros(t.amountCents)})`);
    const tranches = [...ordered, ...withheld].join(', ') || 'aucune tranche cette année';
    line(
      `${a.title} — ${a.associationName}, ${STATUS[a.status]}, ${euros(a.yearlyAmountCents)} par an : ${tranches} ; coordination ${euros(a.coordinationPaidCents)}, ${a.tokensCredited} jeton(s).`,
    );
  }

  const i = report.incubation;
  heading('Incubation');
  line(
    i.cohortId
      ? `Cohorte ${report.year} : ${i.capacity} place(s), ${i.nominations} projet(s) proposé(s), ${i.selected} sélectionné(s). Dans l’année : ${i.graduated} sortie(s) d’incubation, ${i.withdrawn} retrait(s).`
      : `Pas de cohorte ouverte pour ${report.year}. Dans l’année : ${i.graduated} sortie(s) d’incubation, ${i.withdrawn} retrait(s).`,
  );

  heading('Task forces de quartier');
  if (report.taskForces.length === 0) line('Aucune task force cette année.', MUTED);
  for (const t of report.taskForces) {
    line(`${t.title} (${t.qpv}) : ${STATUS[t.status]}, ${t.members} membre(s), ${t.checkInsHeld} point(s) d’étape tenu(s)${t.extended ? ', prolongée' : ''}.`);
  }

  heading('CODIR QPV');
  const k = report.codir;
  line(
    k
      ? `Réunion ${k.heldOn ? `tenue le ${dayFr(k.heldOn)}` : `prévue le ${dayFr(k.meetingAt)}`} ; ${k.stated} direction(s) sur ${k.directions} ont contribué ; ${k.commitments} engagement(s), ${k.kept} tenu(s), ${k.overdue} en retard à la fin de l’année.`
      : 'Pas de CODIR ouvert cette année.',
  );

  heading('Copil : désignations et décisions');
  const c = report.copil;
  if (!c) line('Pas de Copil ouvert cette année.', MUTED);
  else {
    const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
    line(
      `${plural(c.designations.length, 'membre désigné', 'membres désignés')}, ${plural(c.meetingsHeld, 'réunion tenue', 'réunions tenues')}, ${plural(c.decisions.length, 'axe prioritaire soumis', 'axes prioritaires soumis')} au vote des collèges.`,
    );
    for (const d of c.designations)
      line(`Collège ${COLLEGE_NAMES[d.college].fr} : ${d.holder}, désigné le ${dayFr(d.on)} jusqu’au ${dayFr(d.endsAt)}. ${d.reason}`);
    for (const d of c.decisions) line(`${d.title} : ${d.adopted ? 'adopté' : 'non adopté'} le ${dayFr(d.on)}.`);
  }

  heading('Signataires : engagé et payé');
  if (report.signatories.length === 0) line('Aucun engagement ni paiement de signataire cette année.', MUTED);
  for (const s of report.signatories) {
    const other = [s.staff ? `${s.staff} personne(s) mise(s) à disposition` : '', s.premises ? `${s.premises} local(aux)` : ''].filter(Boolean).join(', ');
    line(`${s.name} : engagé ${euros(s.committedCents)}${other ? ` et ${other}` : ''} ; payé ${euros(s.paidCents)}.`);
  }

  const pages = doc.bufferedPageRange();
  for (let n = 0; n < pages.count; n += 1) {
    doc.switchToPage(pages.start + n);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${report.territory.name} — rapport ${report.year} — page ${n + 1} / ${pages.count}`, LEFT, doc.page.height - 35, {
        width: WIDTH,
        align: 'center',
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
