// The announcements feature (src/announcements): subscribing and unsubscribing.
export const subscriptionTexts = {
  subscriptions: {
    subscribed: 'Anda kini berlangganan pengumuman Biro PBJ. Ketik /berhenti kapan saja untuk berhenti.',
    alreadySubscribed: 'Anda sudah berlangganan pengumuman. Ketik /berhenti untuk berhenti.',
    unsubscribed: 'Anda berhenti berlangganan pengumuman. Ketik /langganan untuk berlangganan lagi.',
    notSubscribed: 'Anda belum berlangganan pengumuman. Ketik /langganan untuk berlangganan.',
    subscribeButton: 'Langganan pengumuman',
  },
} as const;
