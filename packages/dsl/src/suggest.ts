// "Did you mean ...?" for misspelt names: the closest candidate within edit distance 2.

/** Levenshtein distance (insertions, deletions, substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `word` (ignoring case) if it is at most 2 edits away and the word is
 * longer than the distance (so that `x` does not "mean" `he`); the first one wins ties.
 */
export function closestName(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= 2 && bestDistance < word.length ? best : null;
}

/** "did you mean 'sigmoid'?" or, when nothing is close, the full list of choices. */
export function suggestionHint(word: string, candidates: readonly string[]): string {
  const closest = closestName(word, candidates);
  if (closest !== null) return `did you mean '${closest}'?`;
  return `expected one of: ${candidates.join(', ')}`;
}
