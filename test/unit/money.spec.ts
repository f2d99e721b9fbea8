import { addCents, euros, formatCentsFr, formatCentsPlain, isCents, parseDuration } from '@grants/domain';

describe('money in integer cents', () => {
  it('converts whole euros to cents and refuses fractions', () => {
    expect(euros(3000)).toBe(300_000);
    expect(() => euros(12.5)).toThrow(RangeError);
  });

  it('accepts only non-negative safe integers as amounts', () => {
    expect(isCents(0)).toBe(true);
    expect(isCents(150_000)).toBe(true);
    expect(isCents(12.5)).toBe(false);
    expect(isCents(-1)).toBe(false);
    expect(isCents('100')).toBe(false);
    expect(isCents(Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('adds amounts exactly, where floats would drift', () => {
    expect(addCents(10, 20)).toBe(30);
    expect(addCents(...Array.from({ length: 10 }, () => 10))).toBe(100);
    expect(() => addCents(10, 0.1)).toThrow(RangeError);
  });

  it('formats amounts the French way and the plain way', () => {
    expect(formatCentsFr(123_456).replace(/\s/g, ' ')).toBe('1 234,56 €');
    expect(formatCentsPlain(123_456)).toBe('1234.56 EUR');
    expect(formatCentsPlain(5)).toBe('0.05 EUR');
  });
});

describe('policy durations', () => {
  it('parses the units a policy uses', () => {
    expect(parseDuration('14d')).toBe(14 * 86_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1500')).toBe(1500);
  });

  it('names what is wrong with a bad duration', () => {
    expect(() => parseDuration('two weeks')).toThrow(/not a duration: "two weeks"/);
  });
});
