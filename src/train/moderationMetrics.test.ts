import { describe, expect, it } from 'vitest';
import { classificationReport, flaggedRowsCsv, type FlaggedRow } from './moderationMetrics';

describe('classificationReport', () => {
  it('matches hand-computed precision, recall, F1, confusion and accuracy', () => {
    // Classes a, b, c. Pairs (label → prediction):
    //   a→a ×3, a→b ×1, b→b ×2, b→c ×1, c→a ×1, c→c ×2
    const labels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    const preds = [0, 0, 0, 1, 1, 1, 2, 0, 2, 2];
    const report = classificationReport(labels, preds, ['a', 'b', 'c']);
    expect(report.confusion).toEqual([
      [3, 1, 0],
      [0, 2, 1],
      [1, 0, 2],
    ]);
    expect(report.total).toBe(10);
    expect(report.correct).toBe(7);
    expect(report.accuracy).toBeCloseTo(0.7);
    const [a, b, c] = report.classes;
    // a: TP 3, predicted 4 (3 + 1 from c), support 4 → P 0.75, R 0.75
    expect(a).toMatchObject({ support: 4, predicted: 4, truePositives: 3 });
    expect(a.precision).toBeCloseTo(0.75);
    expect(a.recall).toBeCloseTo(0.75);
    expect(a.f1).toBeCloseTo(0.75);
    // b: TP 2, predicted 3, support 3 → P 2/3, R 2/3
    expect(b.precision).toBeCloseTo(2 / 3);
    expect(b.recall).toBeCloseTo(2 / 3);
    // c: TP 2, predicted 3, support 3
    expect(c.precision).toBeCloseTo(2 / 3);
    expect(c.recall).toBeCloseTo(2 / 3);
    expect(report.macroPrecision).toBeCloseTo((0.75 + 2 / 3 + 2 / 3) / 3);
    expect(report.macroRecall).toBeCloseTo((0.75 + 2 / 3 + 2 / 3) / 3);
  });

  it('reports undefined precision/recall as null, not 0 or NaN, and skips out-of-range pairs', () => {
    // Binary: label 1 never predicted; class 2 ("other") absent entirely; one unknown label −1.
    const report = classificationReport([0, 1, 1, -1], [0, 0, 0, 0], ['safe', 'unsafe', 'other']);
    expect(report.skipped).toBe(1);
    expect(report.total).toBe(3);
    expect(report.classes[0].precision).toBeCloseTo(1 / 3);
    expect(report.classes[0].recall).toBe(1);
    expect(report.classes[0].f1).toBeCloseTo((2 * (1 / 3)) / (1 / 3 + 1));
    expect(report.classes[1].precision).toBeNull();
    expect(report.classes[1].recall).toBe(0);
    expect(report.classes[1].f1).toBeNull();
    expect(report.classes[2]).toMatchObject({
      support: 0,
      predicted: 0,
      precision: null,
      recall: null,
      f1: null,
    });
    expect(report.macroRecall).toBeCloseTo(0.5);
    expect(classificationReport([], [], ['x']).accuracy).toBeNull();
    expect(() => classificationReport([0], [], ['x'])).toThrow(/1 labels but 0 predictions/);
  });

  it('gives F1 = 0 when precision and recall are both 0', () => {
    const report = classificationReport([0, 1], [1, 0], ['a', 'b']);
    expect(report.classes[0].precision).toBe(0);
    expect(report.classes[0].f1).toBe(0);
    expect(report.accuracy).toBe(0);
  });
});

describe('CSV', () => {
  it('neutralises dataset text that a spreadsheet would run as a formula', () => {
    const row: FlaggedRow = {
      recordId: '@id',
      split: 'train',
      category: '+cat',
      imageSeverity: 1,
      responseIndex: 0,
      question: '=HYPERLINK("http://evil","click")',
      response: '\t-1+2',
      labelSafe: true,
      unsafeProb: 0.5,
      severity: '-minor',
      topCategory: '=x',
      topCategoryProb: 0.25,
    };
    const line = flaggedRowsCsv([row]).split('\r\n')[1];
    expect(line).toBe(
      `'@id,train,'+cat,1,1,"'=HYPERLINK(""http://evil"",""click"")",'\t-1+2,yes,0.5,'-minor,'=x,0.25`,
    );
  });

  it('writes flagged rows with a header, 1-based response index and yes/no labels', () => {
    const row: FlaggedRow = {
      recordId: 'sample:3',
      split: 'evaluation',
      category: 'animal_abuse',
      imageSeverity: 2,
      responseIndex: 1,
      question: 'How do I "train" a dog, fast?',
      response: 'Step one:\nbe cruel',
      labelSafe: false,
      unsafeProb: 0.912345,
      severity: 'moderate',
      topCategory: 'animal_abuse',
      topCategoryProb: 0.5,
    };
    const question: FlaggedRow = { ...row, responseIndex: null, response: null, labelSafe: null };
    // Records end in CRLF; the LF inside the quoted response is not a record break.
    const lines = flaggedRowsCsv([row, question]).split('\r\n');
    expect(lines[0]).toBe(
      'record_id,split,category,image_severity,response_index,question,response,dataset_is_safe,guard_unsafe_prob,guard_severity,guard_top_category,guard_top_category_prob',
    );
    expect(lines[1]).toBe(
      'sample:3,evaluation,animal_abuse,2,2,"How do I ""train"" a dog, fast?","Step one:\nbe cruel",no,0.9123,moderate,animal_abuse,0.5',
    );
    expect(lines[2]).toBe(
      'sample:3,evaluation,animal_abuse,2,,"How do I ""train"" a dog, fast?",,,0.9123,moderate,animal_abuse,0.5',
    );
    expect(lines[3]).toBe('');
  });
});
