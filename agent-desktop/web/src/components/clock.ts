import { useEffect, useState } from 'preact/hooks';

/** The current time, re-rendering every `everyMs` (countdowns, time in state). */
export function useNow(everyMs = 250): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
