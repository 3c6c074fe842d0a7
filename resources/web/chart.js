// A small canvas line chart for one percentage series: fixed 0–100 % scale, a fixed number
// of slots filled from the right so the x axis is time, sharp at any devicePixelRatio.

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
    this.points = points.slice(-this.slots);
    if (intervalS) this.intervalS = intervalS;
    this.canvas.dataset.points = String(this.points.length);
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
    const x = (i) => left + plotW - (this.points.length - 1 - i) * step;

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
    const span = Math.round((this.slots - 1) * this.intervalS);
    ctx.fillText(`−${formatSpan(span)}`, left, height - 4);
    ctx.textAlign = 'right';
    ctx.fillText('now', left + plotW, height - 4);

    if (!this.points.length) return;
    const pts = this.points.map((p, i) => [x(i), y(p.value)]);

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

    const [lx, ly] = pts[pts.length - 1];
    ctx.beginPath();
    ctx.arc(lx, ly, 4, 0, Math.PI * 2);
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = surface || '#fff';
    ctx.stroke();
  }

  _pointAt(offsetX) {
    const n = this.points.length;
    let index = null;
    if (offsetX !== null && n) {
      const plotW = this.canvas.clientWidth - LEFT - RIGHT;
      const step = plotW / Math.max(1, this.slots - 1);
      const fromRight = Math.round((LEFT + plotW - offsetX) / step);
      index = Math.min(n - 1, Math.max(0, n - 1 - fromRight));
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
    const time = new Date(point.t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    tip.textContent = `${point.value.toFixed(1)}%  ·  ${time}`;
    tip.hidden = false;
    const plotW = this.canvas.clientWidth - LEFT - RIGHT;
    const x = LEFT + plotW - (this.points.length - 1 - index) * (plotW / Math.max(1, this.slots - 1));
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
