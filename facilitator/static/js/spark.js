// Inline SVG sparkline of check-in answers (0–10).

import { fmt, t } from "./i18n.js";

const NS = "http://www.w3.org/2000/svg";

export function sparkline(values, width = 140, height = 36) {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("class", "spark");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", values.length ? t("console.spark", { values: values.map((v) => fmt.number(v)).join(", ") })
    : t("console.spark_none"));
  const base = document.createElementNS(NS, "line");
  base.setAttribute("x1", 0); base.setAttribute("x2", width);
  base.setAttribute("y1", height - 3); base.setAttribute("y2", height - 3);
  base.setAttribute("class", "spark-base");
  svg.append(base);
  if (!values.length) return svg;
  const step = values.length > 1 ? (width - 8) / (values.length - 1) : 0;
  const pts = values.map((v, i) => [4 + i * step, height - 3 - (Math.max(0, Math.min(10, v)) / 10) * (height - 8)]);
  const line = document.createElementNS(NS, "polyline");
  line.setAttribute("points", pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "));
  line.setAttribute("class", "spark-line");
  svg.append(line);
  const [lx, ly] = pts[pts.length - 1];
  const dot = document.createElementNS(NS, "circle");
  dot.setAttribute("cx", lx); dot.setAttribute("cy", ly); dot.setAttribute("r", 3.5);
  dot.setAttribute("class", values[values.length - 1] >= 7 ? "spark-dot high" : "spark-dot");
  svg.append(dot);
  return svg;
}
