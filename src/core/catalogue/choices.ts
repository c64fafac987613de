// Numbered choice lists on channels without buttons (src/channels/format.ts).
export const choiceTexts = {
  choices: {
    /** How a numbered choice list ends on channels without buttons (console, WhatsApp). */
    replyWithNumber: (n: number) => (n === 1 ? 'Balas dengan angka 1.' : `Balas dengan angka 1–${n}.`),
  },
} as const;
