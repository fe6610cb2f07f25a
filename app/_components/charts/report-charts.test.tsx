import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RunwayChart } from "./runway-chart";
import { StackedArea } from "./stacked-area";

const margin = { top: 10, right: 10, bottom: 20, left: 50 };

/** The y values of the path's points (M/L commands), in SVG coordinates. */
const ys = (d: string) => [...d.matchAll(/[ML][^,]+,([-\d.e]+)/g)].map((m) => Number(m[1]));

describe("StackedArea", () => {
  it("stacks the layers in order (the top layer's upper edge is the total), one path per key", () => {
    const days = ["2026-01-01", "2026-01-02", "2026-01-03"];
    const svg = renderToStaticMarkup(<StackedArea days={days} series={[{ key: "az1", values: [1, 2, 3] }, { key: "az2", values: [3, 2, 1] }]} capacity={[8, 8, 8]}
      width={300} height={120} margin={margin} format={String} title="t" />);
    const layers = [...svg.matchAll(/<path d="([^"]+)"[^>]*data-testid="area-layer" data-key="([^"]+)"/g)];
    expect(layers.map((m) => m[2])).toEqual(["az1", "az2"]);
    // The second layer's top edge is at the total (4 each day): one height for all three days.
    const top = ys(layers[1]![1]!).slice(0, 3);
    expect(new Set(top.map((v) => v.toFixed(6))).size).toBe(1);
    expect(svg).toContain('class="capacity-line"');
  });
});

describe("RunwayChart", () => {
  it("marks the conservative and central crossings, and leaves out one beyond the drawn range", () => {
    const projection = [0, 10, 20].map((d) => ({ at: new Date(Date.UTC(2026, 0, 1 + d)).toISOString(), mid: 50 + d, low: 45 + d, high: 55 + d }));
    const data = { points: [{ at: "2026-01-01T00:00:00Z", used: 50 }], projection, capacity: 70, exhaustsAtConservative: "2026-01-16T00:00:00Z", exhaustsAt: "2030-01-01T00:00:00Z" };
    const svg = renderToStaticMarkup(<RunwayChart data={data} width={400} height={200} margin={margin} format={String} title="r" />);
    expect(svg).toContain('data-testid="runway-conservative"');
    expect(svg).not.toContain('data-testid="runway-central"');
    expect(svg).toContain('data-testid="runway-band"');
    expect(svg).toContain("capacity 70");
  });
});
