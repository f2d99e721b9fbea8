import { CpuMeter, capacityChart, projectedMinutes, saturation } from '../../bench/src/capacity';

const CURVE = [
  { clients: 10, baselinePerSecond: 9.7, fullPerSecond: 6.5 },
  { clients: 20, baselinePerSecond: 12.8, fullPerSecond: 7.3 },
  { clients: 40, baselinePerSecond: 14.1, fullPerSecond: 7.5 },
  { clients: 80, baselinePerSecond: 13.9, fullPerSecond: 7.4 },
];

describe("the benchmark's capacity curve", () => {
  it('finds where throughput stops rising: the peak, and the fewest clients within 5 % of it', () => {
    expect(saturation(CURVE, 'baselinePerSecond')).toEqual({ peak: 14.1, clients: 40 });
    expect(saturation(CURVE, 'fullPerSecond')).toEqual({ peak: 7.5, clients: 20 });
    expect(projectedMinutes(30_000, 7.5)).toBeCloseTo(66.7, 1);
    expect(projectedMinutes(30_000, 34)).toBeLessThan(15);
  });

  it('draws both sides against the clients as an SVG picture, each point labelled', () => {
    const svg = capacityChart(CURVE, 'Micro-grant lifecycles per second, 2 cores');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(8);
    for (const label of ['9.7', '14.1', '6.5', '7.5', '>10<', '>80<', 'bare Temporal baseline', 'full path (API + PostgreSQL)']) expect(svg).toContain(label);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('counts the CPU seconds a process uses while it works', () => {
    const meter = new CpuMeter({ self: () => [process.pid] });
    meter.start();
    const until = Date.now() + 120;
    while (Date.now() < until); // busy
    const used = meter.stop();
    expect(used.self).toBeGreaterThan(0.05);
    expect(used['load generator']).toBeGreaterThan(0.05);
  });
});
