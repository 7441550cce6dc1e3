import { describe, expect, it } from 'vitest';
import { approxKlNote } from './approxKlNote';

describe('approxKlNote', () => {
  it('explains a negative estimate', () => {
    expect(approxKlNote(-0.0003)).toMatch(/sample estimate.*never negative/);
  });
  it('says nothing for 0, positive or missing values', () => {
    expect(approxKlNote(0)).toBeNull();
    expect(approxKlNote(0.01)).toBeNull();
    expect(approxKlNote(Number.NaN)).toBeNull();
  });
});
