/**
 * Play / pause for the trace (Trace tab): while playing, a timer moves one step every 1/speed
 * seconds and stops at the last step. Playing from the last step starts again from the first.
 * The timer lives in the hook: it is cleared when play stops, the speed changes (a new one
 * starts), the trace can no longer play (none, or the flow changed) and when the panel unmounts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** The speeds offered, in steps per second. */
export const SPEEDS = [1, 2, 5, 10] as const;

export interface PlayerControls {
  /** Moves one step forward. */
  advance(): void;
  /** Whether the step shown is the last. */
  atEnd(): boolean;
  /** Goes to the first step (play from the end starts again). */
  restart(): void;
  /** Whether there is a trace that can play (a current one, with steps). */
  canPlay: boolean;
}

export interface Player {
  playing: boolean;
  /** Steps per second. */
  speed: number;
  setSpeed(speed: number): void;
  play(): void;
  pause(): void;
  toggle(): void;
}

export function usePlayer(controls: PlayerControls, initialSpeed = 2): Player {
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(initialSpeed);
  // The timer calls the controls of the latest render.
  const latest = useRef(controls);
  useEffect(() => {
    latest.current = controls;
  });

  // A trace that can no longer play (gone, or the flow changed) stops the player, which stays stopped.
  const { canPlay } = controls;
  const [couldPlay, setCouldPlay] = useState(canPlay);
  if (canPlay !== couldPlay) {
    setCouldPlay(canPlay);
    if (!canPlay) setPlaying(false);
  }

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const c = latest.current;
      if (!c.canPlay || c.atEnd()) {
        setPlaying(false);
        return;
      }
      c.advance();
      if (c.atEnd()) setPlaying(false);
    }, 1000 / speed);
    return () => clearInterval(timer);
  }, [playing, speed]);

  const play = useCallback(() => {
    const c = latest.current;
    if (!c.canPlay) return;
    if (c.atEnd()) c.restart();
    setPlaying(true);
  }, []);
  const pause = useCallback(() => setPlaying(false), []);
  const toggle = useCallback(() => (playing ? pause() : play()), [playing, play, pause]);
  return { playing, speed, setSpeed, play, pause, toggle };
}
