import type { OutboundFile } from '../core/channel.js';
import type { SurveyRepo } from '../store/survey.js';
import { ipaChartSvg, nrrChartSvg } from './charts.js';
import type { SurveyContent } from './content.js';
import { previousPeriod } from './period.js';
import { svgToPng, svgToPngAsync } from './render.js';
import { buildReport, type SurveyReport } from './report.js';
import { captions, chartLabels } from './summary.js';

/** A period's report from the stored responses, compared with the period before. */
export function periodReport(
  survey: Pick<SurveyRepo, 'answersOf'>,
  content: SurveyContent,
  period: string,
  population: number | undefined,
): SurveyReport {
  const before = previousPeriod(period);
  return buildReport({
    period,
    items: content.defs,
    responses: survey.answersOf(period),
    population,
    ...(before ? { previous: { period: before, responses: survey.answersOf(before) } } : {}),
  });
}

export interface ReportPictures {
  ipa: Buffer;
  nrr: Buffer;
  /** False when no font was found: the pictures then have no words. */
  fontFound: boolean;
}

export function reportPictures(report: SurveyReport): ReportPictures {
  const ipa = svgToPng(ipaChartSvg(report, chartLabels));
  const nrr = svgToPng(nrrChartSvg(report, chartLabels));
  return { ipa: ipa.png, nrr: nrr.png, fontFound: ipa.fontFound };
}

/**
 * The same pictures rendered off the event loop (see svgToPngAsync), one after the other: on a
 * two-core machine two at once would leave the desk's own thread no core to answer on.
 */
export async function reportPicturesAsync(report: SurveyReport): Promise<ReportPictures> {
  const ipa = await svgToPngAsync(ipaChartSvg(report, chartLabels));
  const nrr = await svgToPngAsync(nrrChartSvg(report, chartLabels));
  return { ipa: ipa.png, nrr: nrr.png, fontFound: ipa.fontFound };
}

/** The pictures as outbound photos, each with its part of the summary as caption. */
export function reportFiles(report: SurveyReport, pictures: ReportPictures = reportPictures(report)): OutboundFile[] {
  const caption = captions(report);
  return [
    {
      kind: 'photo',
      fileName: `ipa-${report.period}.png`,
      mimeType: 'image/png',
      data: pictures.ipa.toString('base64'),
      caption: caption.ipa,
    },
    {
      kind: 'photo',
      fileName: `nrr-${report.period}.png`,
      mimeType: 'image/png',
      data: pictures.nrr.toString('base64'),
      caption: caption.nrr,
    },
  ];
}
