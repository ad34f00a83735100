/**
 * Faders of the console: the three masters and one per show parameter, generated from the params
 * table. A fader works in 0..1 (as MIDI and OSC do) and shows the value in the parameter's unit.
 * Input is coalesced to at most one command per {@link FADER_SEND_MS} per fader.
 */
import { PARAMS, toUnit, fromUnit, paramIndex, type ParamName } from '../../core/params.ts';
import type { OperatorStatus } from '../../core/protocol.ts';
import { speedFromUnit, speedToUnit } from './controls.ts';
import { el } from './dom.ts';

/** Shortest gap between two commands from one fader while it is dragged, ms. */
export const FADER_SEND_MS = 50;
/** After a drag, live status values wait this long before moving the fader again, ms. */
const HANDS_OFF_MS = 1500;

/** One fader on the page. */
export interface Fader {
  id: string;
  root: HTMLElement;
  /** Moves the fader (no command is sent). */
  show(unit: number, overridden: boolean): void;
}

interface FaderSpec {
  id: string;
  label: string;
  format(unit: number): string;
  /** A reset button that releases the operator's hold on the value. */
  resettable: boolean;
}

/**
 * Builds a fader and wires its input.
 * @param send called with the control id and the 0..1 value (throttled while dragging).
 * @param reset called when the reset button is pressed.
 */
function buildFader(spec: FaderSpec, send: (id: string, unit: number) => void, reset: (id: string) => void): Fader {
  const input = el('input', { type: 'range', min: '0', max: '1', step: '0.001', value: '0', 'aria-label': spec.label });
  const output = el('output', {}, spec.format(0));
  const resetButton = spec.resettable ? el('button', { type: 'button', className: 'quiet reset', title: `Release ${spec.label}`, 'aria-label': `Release ${spec.label}` }, '↺') : null;
  const root = el('div', { className: 'fader', 'data-control': spec.id }, el('label', {}, spec.label, ' ', output), input, resetButton);
  let lastSent = 0;
  let pending: number | undefined;
  let timer: number | undefined;
  let touchedAt = Number.NEGATIVE_INFINITY;
  const flush = () => {
    timer = undefined;
    if (pending === undefined) return;
    lastSent = performance.now();
    send(spec.id, pending);
    pending = undefined;
  };
  input.addEventListener('input', () => {
    const unit = Number(input.value);
    output.value = spec.format(unit);
    touchedAt = performance.now();
    pending = unit;
    const wait = FADER_SEND_MS - (performance.now() - lastSent);
    if (wait <= 0) flush();
    else timer ??= window.setTimeout(flush, wait);
  });
  resetButton?.addEventListener('click', () => {
    touchedAt = Number.NEGATIVE_INFINITY;
    reset(spec.id);
  });
  return {
    id: spec.id,
    root,
    show(unit, overridden) {
      root.classList.toggle('overridden', overridden);
      if (performance.now() - touchedAt < HANDS_OFF_MS) return;
      input.value = String(unit);
      output.value = spec.format(unit);
    },
  };
}

const decimals = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2));

/** Builds the master faders (intensity, speed, volume). */
export function buildMasters(container: HTMLElement, send: (id: string, unit: number) => void): Fader[] {
  const faders = [
    buildFader({ id: 'master:intensity', label: 'Intensity', format: (u) => `${Math.round(u * 100)} %`, resettable: false }, send, () => undefined),
    buildFader({ id: 'master:speed', label: 'Speed', format: (u) => `${speedFromUnit(u).toFixed(2)}×`, resettable: false }, send, () => undefined),
    buildFader({ id: 'master:volume', label: 'Volume', format: (u) => `${Math.round(u * 100)} %`, resettable: false }, send, () => undefined),
  ];
  container.replaceChildren(...faders.map((f) => f.root));
  return faders;
}

/** Builds one fader per show parameter (masters excluded). */
export function buildParamFaders(container: HTMLElement, send: (id: string, unit: number) => void, reset: (id: string) => void): Fader[] {
  const faders = PARAMS.filter((p) => p.name !== 'intensity' && p.name !== 'volume').map((p) =>
    buildFader(
      {
        id: `param:${p.name}`,
        label: p.label,
        format: (u) => `${decimals(fromUnit(p.name, u))}${p.unit ? ' ' + p.unit : ''}`,
        resettable: true,
      },
      send,
      reset,
    ),
  );
  for (const f of faders) f.root.title = PARAMS[paramIndex(f.id.slice(6) as ParamName)].description;
  container.replaceChildren(...faders.map((f) => f.root));
  return faders;
}

/** Moves every fader to the show's live values. */
export function showStatusOnFaders(faders: readonly Fader[], status: OperatorStatus): void {
  for (const fader of faders) {
    if (fader.id === 'master:speed') {
      fader.show(speedToUnit(status.speed), status.speed !== 1);
      continue;
    }
    const name = (fader.id.startsWith('param:') ? fader.id.slice(6) : fader.id.slice(7)) as ParamName;
    const value = status.params[paramIndex(name)];
    if (value === undefined) continue;
    fader.show(toUnit(name, value), status.overrides[name] !== undefined);
  }
}
