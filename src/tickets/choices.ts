import { texts } from '../core/catalogue.js';
import { choiceCodec } from '../core/choice-id.js';

/** Every button of the tickets feature: `tiket:nilai:12:3` and the rest, encoded in one place. */
export const ticketChoice = choiceCodec('tiket', {
  baru: [],
  lapor: [],
  status: [],
  batal: [],
  kirim: [],
  lewati: [],
  lanjut: [],
  kat: ['text'],
  nilai: ['int', 'int'],
  saran: ['int'],
  'tanpa-saran': [],
});

/** The FAQ's "Buat tiket" after it could not help: the question before it becomes the description. */
export const TICKET_OFFER = ticketChoice.choice(texts.faq.openTicket, 'lapor');
