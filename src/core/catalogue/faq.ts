// The FAQ feature (src/faq): answers, "Maksud Anda…?" choices, feedback, not understood.
export const faqTexts = {
  faq: {
    feedbackQuestion: 'Apakah jawaban ini membantu?',
    feedbackYes: 'Ya, membantu',
    feedbackNo: 'Belum membantu',
    thanksForFeedback: 'Terima kasih atas masukan Anda.',
    sorryNotHelpful: 'Maaf, jawaban tadi belum membantu. Petugas kami dapat membantu langsung melalui tiket.',
    didYouMean: 'Maksud Anda salah satu dari ini?',
    didYouMeanOne: 'Maksud Anda ini?',
    noneOfThese: 'Tidak ada yang sesuai',
    notThis: 'Bukan itu',
    notUnderstood:
      'Maaf, saya belum memahami pertanyaan Anda. Coba tulis dengan kata lain, ' + 'atau buat tiket agar petugas kami membantu.',
    openTicketHint: 'Ketik /tiket untuk membuat tiket.',
    fileNotKept:
      'Berkas yang Anda kirim belum masuk ke tiket mana pun. Buat tiket lalu kirim berkas itu saat diminta, ' +
      'atau tulis #N beserta keterangan untuk menambahkannya ke tiket N.',
    openTicket: 'Buat tiket',
    unknownIntent: 'Maaf, topik itu sudah tidak tersedia. Silakan tulis pertanyaan Anda lagi.',
    link: (label: string, url: string) => `🔗 ${label}: ${url}`,
    acknowledged: 'Baik. Bila ada yang ingin ditanyakan lagi, tulis saja atau ketik /menu.',
    noWords: 'Silakan tulis pertanyaan Anda dengan kata-kata, misalnya "lupa password" atau "cara ikut tender".',
    englishNote:
      'Mohon maaf, layanan ini menjawab dalam Bahasa Indonesia. ' + 'Berikut topik yang paling sesuai dengan pertanyaan Anda:',
    englishNoMatch:
      'Mohon maaf, layanan ini menjawab dalam Bahasa Indonesia. ' +
      'Silakan tulis pertanyaan Anda dalam Bahasa Indonesia, atau buat tiket agar petugas membantu.',
    urgentNoMatch:
      'Mohon maaf atas kendala yang Anda alami. Agar segera ditangani petugas, buat tiket dan ceritakan ' +
      'masalahnya (kapan terjadi, pesan error, paket/tenggat yang terdampak).',
    urgentOffer: 'Bila mendesak, buat tiket agar petugas segera menanganinya.',
    tooLong:
      'Pesan Anda cukup panjang. Bila ini laporan masalah, buat tiket agar petugas membacanya dengan teliti; ' +
      'bila ini pertanyaan, mohon tulis intinya dalam satu-dua kalimat.',
  },
} as const;
