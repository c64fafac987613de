import { texts } from '../core/catalogue.js';
import { QUADRANTS } from './analysis.js';
import type { ChartLabels } from './charts.js';
import type { SurveyReport } from './report.js';

const t = texts.survey;

/** The chart words, from the catalogue. */
export const chartLabels: ChartLabels = { ...t.chart, quadrant: t.quadrant, quadrantNumber: t.quadrantNumber };

/** The headline: period, respondents, the index and its grade, quadrant I, the trend. */
export function headline(report: SurveyReport): string[] {
  const r = t.report;
  const lines = [r.title(report.period), r.respondents(report.respondents, report.sampleNeeded)];
  if (report.ikm !== null && report.grade !== null) lines.push(r.ikm(report.ikm, report.grade, report.gradeLabel ?? ''));
  else lines.push(r.noIkm(report.missingUnsur.join(', ')));
  return lines;
}

function ipaLines(report: SurveyReport): string[] {
  const r = t.report;
  const { performanceLine, importanceLine, items } = report.ipa;
  if (performanceLine === null || importanceLine === null) return [];
  const lines = [r.ipaHeader(performanceLine, importanceLine)];
  for (const q of QUADRANTS) {
    const codes = items.filter((i) => i.quadrant === q).map((i) => i.code);
    lines.push(r.quadrantLine(`${t.quadrantNumber[q]} ${t.quadrant[q]}`, codes.length > 0 ? codes.join(', ') : r.none));
  }
  if (report.csi !== null && report.csiBand !== null) lines.push(r.csi(report.csi, report.csiBand));
  return lines;
}

function trendLines(report: SurveyReport): string[] {
  const r = t.report;
  const tr = report.trend;
  if (!tr) return [];
  const lines = [r.trend(tr.previousPeriod, tr.previousIkm, report.ikm, tr.ikmChange)];
  if (tr.leftConcentrate.length > 0)
    lines.push(
      r.leftQuadrantI(
        tr.leftConcentrate
          .map((x) => (x.now === null ? r.noLongerScored(x.code) : r.nowIn(x.code, t.quadrant[x.now])))
          .join(', '),
      ),
    );
  if (tr.enteredConcentrate.length > 0) lines.push(r.enteredQuadrantI(tr.enteredConcentrate.join(', ')));
  return lines;
}

function unsurLines(report: SurveyReport): string[] {
  return [t.report.unsurHeader, ...report.unsur.map((u) => t.report.unsurLine(u.code, u.name, u.nrr))];
}

/** The whole summary, as `ikm report` prints it. */
export function renderSummary(report: SurveyReport): string {
  return [headline(report), unsurLines(report), ipaLines(report), trendLines(report)]
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'))
    .join('\n\n');
}

/** The two captions of /ikm: the IPA picture's (headline, quadrants, trend) and the bars' (the NRR). */
export function captions(report: SurveyReport): { ipa: string; nrr: string } {
  return {
    ipa: [headline(report), ipaLines(report), trendLines(report)]
      .filter((b) => b.length > 0)
      .map((b) => b.join('\n'))
      .join('\n\n'),
    nrr: [t.report.nrrCaption(report.period), ...unsurLines(report).slice(1)].join('\n'),
  };
}
