// A small canvas line chart for one percentage series: fixed 0–100 % scale, sharp at any
// devicePixelRatio. Live, a fixed number of slots filled from the right; over a stored range,
// the average as a line and min–max as a band on a time axis, broken wherever no sample was
// taken (a gap is a gap, never a line across it).

const LEFT = 40; // room for the 0–100 % labels
const RIGHT = 6;

export class LineChart {
  /**
   * @param {HTMLCanvasElement} canvas sized by CSS; the backing store follows it
   * @param {{slots?: number}} [options]
   */
  constructor(canvas, options = {}) {
    this.canvas = canvas;
    this.slots = options.slots ?? 30;
    this.points = [];
    this.intervalS = 2;
    this.range = null; // {fromMs, toMs, stepMs} while a stored range is shown
    this._hover = null; // index of the point under the pointer
    this._tip = document.createElement('div');
    this._tip.className = 'chart-tip';
    this._tip.hidden = true;
    canvas.after(this._tip);
    canvas.addEventListener('pointermove', (event) => this._pointAt(event.offsetX));
    canvas.addEventListener('pointerleave', () => this._pointAt(null));
    new ResizeObserver(() => this.draw()).observe(canvas);
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.draw());
    this._watchPixelRatio();
  }

  /** @param {{t: number, value: number}[]} points oldest first */
  setPoints(points, intervalS) {
    this.range = null;
    this.points = points.slice(-this.slots);
    if (intervalS) this.intervalS = intervalS;
    this.canvas.dataset.mode = 'live';
    this.canvas.dataset.points = String(this.points.length);
    this.canvas.dataset.last = this.points.length ? String(this.points[this.points.length - 1].value) : '';
    this.canvas.dataset.segments = this.points.length ? '1' : '0';
    this.draw();
  }

  /**
   * A stored range: `points` oldest first, each `{t, n, min, value (the average), max}`.
   * @param {{fromMs: number, toMs: number, stepMs: number}} range
   */
  setRange(points, range) {
    this.range = { ...range };
    this.points = points.slice();
    this._segments = segmentsOf(this.points, range.stepMs);
    this._hover = null;
    this.canvas.dataset.mode = 'range';
    this.canvas.dataset.points = String(this.points.length);
    this.canvas.dataset.segments = String(this._segments.length);
    this.canvas.dataset.last = this.points.length ? String(this.points[this.points.length - 1].value) : '';
    this.draw();
  }

  draw() {
    const { canvas } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (!width || !height) return;
    const pixelWidth = Math.round(width * ratio);
    const pixelHeight = Math.round(height * ratio);
    if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);

    const style = getComputedStyle(canvas);
    const color = style.getPropertyValue('--color').trim() || '#2563eb';
    const grid = style.getPropertyValue('--grid').trim();
    const faint = style.getPropertyValue('--faint').trim();
    const surface = style.getPropertyValue('--surface').trim();

    const left = LEFT;
    const right = RIGHT;
    const top = 6;
    const bottom = 20;
    const plotW = width - left - right;
    const plotH = height - top - bottom;
    const y = (v) => top + plotH * (1 - Math.min(100, Math.max(0, v)) / 100);
    const step = plotW / Math.max(1, this.slots - 1);
    const range = this.range;
    const x = range
      ? (i) => left + plotW * ((this.points[i].t - range.fromMs) / Math.max(1, range.toMs - range.fromMs))
      : (i) => left + plotW - (this.points.length - 1 - i) * step;

    ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 1;
    for (const level of [0, 25, 50, 75, 100]) {
      const gy = Math.round(y(level)) + 0.5;
      ctx.strokeStyle = grid;
      ctx.setLineDash(level === 0 ? [] : [3, 4]);
      ctx.beginPath();
      ctx.moveTo(left, gy);
      ctx.lineTo(left + plotW, gy);
      ctx.stroke();
      if (level % 50 === 0) {
        ctx.fillStyle = faint;
        ctx.textAlign = 'right';
        ctx.fillText(`${level}%`, left - 8, gy);
      }
    }
    ctx.setLineDash([]);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = faint;
    if (range) {
      ctx.fillText(formatTime(range.fromMs, range.toMs - range.fromMs), left, height - 4);
      ctx.textAlign = 'right';
      ctx.fillText(Date.now() - range.toMs < 60000 ? 'now' : formatTime(range.toMs, range.toMs - range.fromMs),
        left + plotW, height - 4);
    } else {
      const span = Math.round((this.slots - 1) * this.intervalS);
      ctx.fillText(`−${formatSpan(span)}`, left, height - 4);
      ctx.textAlign = 'right';
      ctx.fillText('now', left + plotW, height - 4);
    }

    if (!this.points.length) return;
    const pts = this.points.map((p, i) => [x(i), y(p.value)]);
    if (range) {
      this._drawRange(ctx, x, y, color);
      this._drawHover(ctx, pts, top, plotH, faint, color);
      return;
    }

    if (pts.length > 1) {
      const fill = ctx.createLinearGradient(0, top, 0, top + plotH);
      fill.addColorStop(0, withAlpha(color, 0.28));
      fill.addColorStop(1, withAlpha(color, 0.02));
      ctx.beginPath();
      ctx.moveTo(pts[0][0], top + plotH);
      for (const [px, py] of pts) ctx.lineTo(px, py);
      ctx.lineTo(pts[pts.length - 1][0], top + plotH);
      ctx.closePath();
      ctx.fillStyle = fill;
      ctx.fill();

      ctx.beginPath();
      pts.forEach(([px, py], i) => (i ? ctx.lineTo(px, py) : ctx.moveTo(px, py)));
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      ctx.stroke();
    }

    this._drawHover(ctx, pts, top, plotH, faint, color);

    const [lx, ly] = pts[pts.length - 1];
    ctx.beginPath();
    ctx.arc(lx, ly, 4, 0, Math.PI * 2);
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = surface || '#fff';
    ctx.stroke();
  }

  // Min–max as a translucent band and the average as a line, one run of points at a time.
  _drawRange(ctx, x, y, color) {
    for (const [first, last] of this._segments) {
      ctx.beginPath();
      for (let i = first; i <= last; ++i) ctx.lineTo(x(i), y(this.points[i].max));
      for (let i = last; i >= first; --i) ctx.lineTo(x(i), y(this.points[i].min));
      ctx.closePath();
      ctx.fillStyle = withAlpha(color, 0.22);
      ctx.fill();
      ctx.beginPath();
      for (let i = first; i <= last; ++i) ctx.lineTo(x(i), y(this.points[i].value));
      ctx.strokeStyle = color;
      ctx.lineWidth = first === last ? 3 : 2;
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      if (first === last) ctx.lineTo(x(first) + 1, y(this.points[first].value)); // a lone point stays visible
      ctx.stroke();
    }
  }

  _drawHover(ctx, pts, top, plotH, faint, color) {
    if (this._hover !== null && this._hover < pts.length) {
      const [hx, hy] = pts[this._hover];
      ctx.strokeStyle = faint;
      ctx.lineWidth = 1;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(Math.round(hx) + 0.5, top);
      ctx.lineTo(Math.round(hx) + 0.5, top + plotH);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.arc(hx, hy, 3.5, 0, Math.PI * 2);
      ctx.fillStyle = color;
      ctx.fill();
    }
  }

  _pointAt(offsetX) {
    const n = this.points.length;
    let index = null;
    const plotW = this.canvas.clientWidth - LEFT - RIGHT;
    const range = this.range;
    const xOf = (i) => range
      ? LEFT + plotW * ((this.points[i].t - range.fromMs) / Math.max(1, range.toMs - range.fromMs))
      : LEFT + plotW - (n - 1 - i) * (plotW / Math.max(1, this.slots - 1));
    if (offsetX !== null && n) {
      if (range) { // the nearest point in time
        let best = 0;
        for (let i = 1; i < n; ++i) if (Math.abs(xOf(i) - offsetX) < Math.abs(xOf(best) - offsetX)) best = i;
        index = best;
      } else {
        const step = plotW / Math.max(1, this.slots - 1);
        const fromRight = Math.round((LEFT + plotW - offsetX) / step);
        index = Math.min(n - 1, Math.max(0, n - 1 - fromRight));
      }
    }
    if (index === this._hover) return;
    this._hover = index;
    this.draw();
    const tip = this._tip;
    if (index === null) {
      tip.hidden = true;
      return;
    }
    const point = this.points[index];
    if (range) {
      const time = formatTime(point.t, range.toMs - range.fromMs);
      tip.textContent = `${time}  ·  min ${point.min.toFixed(1)}  avg ${point.value.toFixed(1)}  max ${point.max.toFixed(1)} %`;
      // Who used the CPU then, where the server names processes to this page.
      if (point.top?.length) tip.textContent += `  ·  ${point.top.slice(0, 3).map((p) => `${p.name} ${Math.round(p.cpu)}%`).join(', ')}`;
    } else {
      const time = new Date(point.t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
      tip.textContent = `${point.value.toFixed(1)}%  ·  ${time}`;
    }
    this.canvas.dataset.hover = tip.textContent;
    tip.hidden = false;
    const x = xOf(index);
    const half = tip.offsetWidth / 2;
    tip.style.left = `${Math.min(this.canvas.clientWidth - half, Math.max(half, x))}px`;
  }

  // devicePixelRatio changes when the window moves to another screen or the page is zoomed.
  _watchPixelRatio() {
    const query = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    query.addEventListener('change', () => {
      this.draw();
      this._watchPixelRatio();
    }, { once: true });
  }
}

// Runs of points no further apart than 1.5 steps: [first, last] index pairs.
function segmentsOf(points, stepMs) {
  const runs = [];
  for (let i = 0; i < points.length; ++i) {
    if (i && points[i].t - points[i - 1].t <= 1.5 * stepMs) runs[runs.length - 1][1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

// A point's time, as precise as the range shown needs.
function formatTime(ms, spanMs) {
  const t = new Date(ms);
  if (spanMs <= 2 * 3600 * 1000) return t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (spanMs <= 2 * 86400 * 1000) return t.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  if (spanMs <= 60 * 86400 * 1000) return t.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return t.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' });
}

function formatSpan(seconds) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

// "#2563eb" or "rgb(…)" → the same colour at the given opacity.
function withAlpha(color, alpha) {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const n = parseInt(hex[1], 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`;
}
