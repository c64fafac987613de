import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFaqContent } from '../../src/faq/loader.js';
import { mulberry32 } from '../matcher.js';

/**
 * Writes bench/data/questions.jsonl, the question stream of `npm run bench matcher` on the shipped
 * intents. It lives in the repository so the bench needs nothing beside it (the shared dev set is
 * for tuning only). Built from the intents' own examples, as a user would type them:
 *
 * - every example as written;
 * - every example with one typo (a letter dropped, two swapped, one doubled or replaced) in one of
 *   its words of four letters or more, so the fuzzy lookup gets words the content does not know;
 * - every third example in chat dress (a greeting in front, "kak"/"min" and "??" behind);
 * - off-topic questions written here (other systems, everyday life, English), which the desk must
 *   abstain on: they exercise the unknown-word path that used to set the p99.
 *
 * Labels are the intent the question was made from (null for off-topic): what it asks, not a
 * measured answer. Deterministic (seeded): rerun after changing the intents and commit the result.
 *
 *   npx tsx bench/data/make-questions.ts
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

const OFF_TOPIC = [
  'resep rendang padang yang enak',
  'harga emas hari ini berapa',
  'cara daftar kuliah online',
  'jadwal kereta api ke surabaya',
  'lupa password gmail gimana',
  'cara bikin akun instagram baru',
  'ongkir jne ke palangkaraya berapa ya',
  'info lowongan kerja cpns 2025',
  'cuaca besok di palangka raya',
  'tips menurunkan berat badan',
  'cara transfer pulsa telkomsel',
  'akun bank saya terblokir',
  'kapan gaji ke 13 cair',
  'nomor dokter gigi terdekat',
  'cara memasak nasi goreng kampung',
  'skor bola tadi malam',
  'cara mengurus sim yang hilang',
  'perpanjang stnk online bisa?',
  'pinjaman online cepat cair tanpa jaminan',
  'rekomendasi hp murah kamera bagus',
  'wkwkwk lucu banget',
  'apa kabar dunia',
  'jam buka bank bri hari sabtu',
  'cara reset router indihome',
  'beli tiket pesawat ke jakarta',
  'ktp saya hilang harus kemana',
  'how do i cook fried rice',
  'what is the weather tomorrow',
  'mau pesan martabak manis',
  'lagu dangdut terbaru 2025',
  'harga cabai di pasar kahayan naik',
  'cara menanam cabai di pot',
  'facebook saya dibajak orang',
  'bpjs kesehatan kartu tidak aktif',
  'jadwal sholat jumat palangkaraya',
  'toko bangunan terdekat buka jam berapa',
  'ok kak makasih',
  'siap min',
  'halo',
  'selamat pagi kak',
];

const CHAT_FRONT = ['halo min,', 'selamat siang kak', 'permisi pak,', 'assalamualaikum,', 'pagi admin'];
const CHAT_BACK = ['kak??', 'min', 'ya pak', 'gimana ya', 'mohon infonya'];

const random = mulberry32(20251202);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/** One random edit in one random word of four letters or more; the question itself if it has none. */
function typo(question: string): string {
  const words = question.split(/\s+/);
  const long = words.map((word, i) => (/^[a-z]{4,}$/i.test(word) ? i : -1)).filter((i) => i >= 0);
  if (long.length === 0) return question;
  const w = pick(long);
  const word = words[w] as string;
  const at = 1 + Math.floor(random() * (word.length - 2));
  const letter = pick([...'aeiknrstu']);
  const edits = [
    word.slice(0, at) + word.slice(at + 1),
    word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2),
    word.slice(0, at) + (word[at] ?? '') + word.slice(at),
    word.slice(0, at) + letter + word.slice(at + 1),
  ];
  words[w] = pick(edits);
  return words.join(' ');
}

const content = loadFaqContent(path.join(repoRoot, 'intents'));
const lines: { q: string; intent: string | null }[] = [];
let n = 0;
for (const intent of content.intents) {
  for (const example of intent.examples) {
    lines.push({ q: example, intent: intent.id });
    lines.push({ q: typo(example), intent: intent.id });
    if (n++ % 3 === 0) lines.push({ q: `${pick(CHAT_FRONT)} ${example} ${pick(CHAT_BACK)}`, intent: intent.id });
  }
}
for (const question of OFF_TOPIC) lines.push({ q: question, intent: null });
// Shuffled, so a stream read in order does not meet one intent's examples back to back.
for (let i = lines.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [lines[i], lines[j]] = [lines[j] as (typeof lines)[number], lines[i] as (typeof lines)[number]];
}
const out = path.join(here, 'questions.jsonl');
writeFileSync(out, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
console.log(`${lines.length} questions → ${path.relative(repoRoot, out)}`);
