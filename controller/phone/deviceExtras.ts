/**
 * What some phones offer and others do not: the screen wake lock, vibration, and tilt
 * (DeviceOrientation, behind a permission prompt on iOS). Every one is optional; a missing feature
 * or a refused permission changes nothing else on the page.
 */

/** Keeps the screen awake while the page is visible; re-asks after the phone comes back. */
export function keepAwake(): () => void {
  let sentinel: WakeLockSentinel | null = null;
  const ask = (): void => {
    if (document.visibilityState !== 'visible' || !('wakeLock' in navigator)) return;
    navigator.wakeLock.request('screen').then(
      (s) => {
        sentinel = s;
      },
      () => {
        // Insecure page, low battery, or refused: the phone may dim, the dream goes on.
      },
    );
  };
  ask();
  document.addEventListener('visibilitychange', ask);
  return () => {
    document.removeEventListener('visibilitychange', ask);
    void sentinel?.release().catch(() => undefined);
  };
}

/** A short buzz, if the phone can (ms). */
export function buzz(ms: number): void {
  if (typeof navigator.vibrate === 'function') {
    try {
      navigator.vibrate(ms);
    } catch {
      // Some browsers throw before the first touch; the heartbeat still shows.
    }
  }
}

/** How tilt can be had on this phone. */
export type TiltAccess = 'none' | 'ask' | 'free';

/** iOS's `DeviceOrientationEvent.requestPermission`, which the DOM typings do not declare. */
function permissionRequest(): (() => Promise<unknown>) | null {
  const fn: unknown = Reflect.get(window.DeviceOrientationEvent, 'requestPermission');
  return typeof fn === 'function' ? () => Promise.resolve(Reflect.apply(fn, window.DeviceOrientationEvent, [])) : null;
}

/** `ask` on iOS (a button must request it), `free` elsewhere, `none` without the sensor API. */
export function tiltAccess(): TiltAccess {
  if (typeof window.DeviceOrientationEvent === 'undefined' || !window.isSecureContext) return 'none';
  return permissionRequest() ? 'ask' : 'free';
}

/**
 * Starts listening to tilt, asking first where the phone requires it (call from a tap).
 * @param onTilt receives x (left/right) and y (towards/away) in -1..1, 0 when held at ~45°.
 * @returns whether tilt is now on.
 */
export async function startTilt(onTilt: (x: number, y: number) => void): Promise<boolean> {
  const access = tiltAccess();
  if (access === 'none') return false;
  if (access === 'ask') {
    try {
      if ((await permissionRequest()?.()) !== 'granted') return false;
    } catch {
      return false;
    }
  }
  window.addEventListener('deviceorientation', (e) => {
    if (e.gamma === null || e.beta === null) return;
    onTilt(clamp(e.gamma / 45), clamp((e.beta - 45) / 45));
  });
  return true;
}

function clamp(v: number): number {
  return Math.min(1, Math.max(-1, v));
}
