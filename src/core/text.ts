/** Small text helpers shared by the features: pure, no catalogue texts. */

/** Text with at least one letter or digit: not empty, not only emoji or punctuation. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** One line, at most `max` characters, with an ellipsis when cut: for listings and history lines. */
export function excerpt(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
