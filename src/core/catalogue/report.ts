// The periodic report (/laporan and `cli report`, src/staff/report.ts).
export const reportTexts = {
  report: {
    title: (days: number, from: string, to: string) => `Laporan helpdesk ${days} hari terakhir (${from} – ${to})`,
    opened: (n: number) => `Tiket masuk: ${n}`,
    byCategory: 'Per kategori:',
    byStatus: 'Status saat ini:',
    item: (label: string, n: number) => `• ${label}: ${n}`,
    firstResponse: (p: { responded: number; total: number; onTime: number; measured: number; medianMinutes: number | null }) =>
      `Tanggapan pertama: ${p.responded}/${p.total} ditanggapi` +
      (p.medianMinutes === null ? '' : `, median ${p.medianMinutes} menit jam kerja`) +
      `; tepat waktu ${p.onTime} dari ${p.measured} yang sudah ditanggapi atau lewat target`,
    resolution: (p: { resolved: number; onTime: number; measured: number }) =>
      `Diselesaikan: ${p.resolved}; tepat waktu ${p.onTime} dari ${p.measured} yang sudah selesai atau lewat target`,
    breachedOpen: (n: number) => `Tiket terbuka yang sudah lewat SLA: ${n}`,
    escalations: (lkpp: number, telkom: number) => `Diteruskan: LKPP ${lkpp}, Telkom ${telkom}`,
    satisfaction: (p: { n: number; mean: number | null }) =>
      p.mean === null
        ? 'Kepuasan: belum ada penilaian'
        : `Kepuasan: ${p.n} penilaian, rata-rata ${p.mean.toFixed(2)} dari 4 (nilai konversi ${(p.mean * 25).toFixed(1)})`,
    faq: (p: { unmatched: number; helpful: number; notHelpful: number }) =>
      `FAQ: ${p.unmatched} pertanyaan tak terjawab; umpan balik membantu ${p.helpful}, belum membantu ${p.notHelpful}`,
  },
} as const;
