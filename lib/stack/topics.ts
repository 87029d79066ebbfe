// Topic annotations: comma-separated picomatch globs over object keys; commas inside {a,b} braces belong to the glob.
import picomatch from 'picomatch';
import { TOPIC_ANNOTATION } from './labels.js';
import type { Stack } from './schema.js';

/** Splits a topic annotation at commas outside braces: "a/**\/*.{x,y}, b/*" → ["a/**\/*.{x,y}", "b/*"]. */
export function splitTopics(annotation: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of annotation) {
    if (ch === '{') depth++;
    if (ch === '}') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** A predicate true when a key matches any glob of the annotation (picomatch, `dot: true`). */
export function topicMatcher(annotation: string): (key: string) => boolean {
  const globs = splitTopics(annotation);
  if (globs.length === 0) return () => false;
  return picomatch(globs, { dot: true });
}

/** Names of the stack's functions whose topic matches `key`, in stack order. */
export function functionsForKey(stack: Pick<Stack, 'functions'>, key: string): string[] {
  return Object.entries(stack.functions)
    .filter(([, fn]) => {
      const topic = fn.annotations[TOPIC_ANNOTATION];
      return topic !== undefined && topicMatcher(topic)(key);
    })
    .map(([name]) => name);
}
