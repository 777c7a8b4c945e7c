import { describe, expect, it } from 'vitest';
import { dropEntry } from '../../scripts/lib/db.mjs';

describe('dropEntry (partitions out of the generated types)', () => {
  const ts = '{ Tables: {\n"a": {\n Row: { x: number }\n },"a_p1": {\n Row: { x: number }\n },"b": {\n Row: { y: string }\n }\n} }';

  it('removes a middle entry and its comma', () => {
    expect(dropEntry(ts, 'a_p1')).toBe('{ Tables: {\n"a": {\n Row: { x: number }\n },"b": {\n Row: { y: string }\n }\n} }');
  });

  it('removes the last entry with the comma before it', () => {
    expect(dropEntry(ts, 'b')).toBe('{ Tables: {\n"a": {\n Row: { x: number }\n },"a_p1": {\n Row: { x: number }\n }\n} }');
  });

  it('leaves the text alone for an unknown name', () => {
    expect(dropEntry(ts, 'zz')).toBe(ts);
  });
});
