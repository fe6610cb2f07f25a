import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CapacityBars, type CapacityRow } from "./capacity-bars";
import { CountBars } from "./count-bars";
import { heatColor, HeatStrip } from "./heat-strip";

const margin = { top: 0, right: 100, bottom: 20, left: 100 };

/** The width attributes of the rects of each `data-testid=...` row, in document order (no DOM needed). */
function rowRects(svg: string, testId: string): number[][] {
  return svg.split(`data-testid="${testId}"`).slice(1).map((chunk) =>
    [...chunk.split("</g>")[0]!.matchAll(/<rect[^>]*?\swidth="([^"]+)"/g)].map((m) => Number(m[1])));
}

/** The attributes of every element carrying `data-testid=...`. */
function tagged(svg: string, testId: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<[a-z]+([^>]*data-testid="${testId}"[^>]*)>`, "g"))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

const rows: CapacityRow[] = [
  { key: "a", label: "az1", resourceClass: "VCPU", capacity: 1000, used: 250 },
  { key: "b", label: "az2", resourceClass: "VCPU", capacity: 500, used: 500 },
  { key: "c", label: "az3", resourceClass: "VCPU", capacity: 200, used: 300 },
];

describe("CapacityBars", () => {
  it("on a fraction scale, every track is full width and the fill is used / capacity, capped at the track", () => {
    const svg = renderToStaticMarkup(<CapacityBars rows={rows} width={600} height={120} margin={margin} title="t" />);
    const inner = 600 - margin.left - margin.right;
    expect(rowRects(svg, "capacity-row")).toEqual([[inner, inner * 0.25], [inner, inner], [inner, inner]]);
  });

  it("on an absolute scale, tracks are proportional to capacity on one shared axis", () => {
    const svg = renderToStaticMarkup(<CapacityBars rows={rows} width={600} height={120} margin={margin} scale="absolute" title="t" />);
    const [a, b, c] = rowRects(svg, "capacity-row") as [number[], number[], number[]];
    expect(b[0]! / a[0]!).toBeCloseTo(0.5);
    expect(c[0]! / a[0]!).toBeCloseTo(0.2);
    expect(a[1]! / a[0]!).toBeCloseTo(0.25);
    // Over-use draws past the track, so it shows.
    expect(c[1]!).toBeGreaterThan(c[0]!);
  });

  it("labels each row with the percentage and the figures in one unit", () => {
    const svg = renderToStaticMarkup(<CapacityBars rows={rows.slice(0, 1)} width={600} height={40} margin={margin} title="t" />);
    expect(svg).toContain("25%");
    expect(svg).toContain("250 / 1,000 vCPU");
  });
});

describe("CountBars", () => {
  it("scales bars to the largest count and prints every count", () => {
    const svg = renderToStaticMarkup(
      <CountBars rows={[{ key: "x", label: "x", count: 40 }, { key: "y", label: "y", count: 10 }, { key: "z", label: "z", count: 0 }]}
        width={300} height={90} margin={{ top: 0, right: 50, bottom: 0, left: 50 }} title="t" />,
    );
    const [x, y, z] = rowRects(svg, "count-row").map((r) => r[0]!);
    expect(x).toBe(200);
    expect(y).toBe(50);
    expect(z).toBe(0);
    expect(svg).toMatch(/>40</);
  });
});

describe("HeatStrip", () => {
  it("draws one focusable cell per member, grouped in rows, coloured by utilisation", () => {
    const cells = [
      { key: "1", label: "r1", group: "az1", fraction: 0, detail: "" },
      { key: "2", label: "r2", group: "az1", fraction: 1, detail: "" },
      { key: "3", label: "r1", group: "az2", fraction: 0.5, detail: "" },
    ];
    const svg = renderToStaticMarkup(<HeatStrip cells={cells} width={400} height={80} margin={{ top: 0, right: 0, bottom: 0, left: 40 }} title="t" />);
    const rects = tagged(svg, "heat-cell");
    expect(rects).toHaveLength(3);
    expect(rects.every((r) => r.tabindex === "0")).toBe(true);
    expect(rects.map((r) => r.fill)).toEqual([heatColor(0), heatColor(1), heatColor(0.5)]);
    expect(heatColor(0)).not.toBe(heatColor(1));
  });
});
