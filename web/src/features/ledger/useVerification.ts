/**
 * The verification run as UI state: download (or read a chosen file), parse, check,
 * with progress at each step. One run at a time; a new run or leaving the page aborts
 * the previous one.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { downloadLedger } from "./api";
import { NotALedgerExport, parseLedgerExport, utf8Decoder } from "./ledgerExport";
import { verifyLedger, type Outcome } from "./verify";

export type Source = { kind: "server" } | { kind: "file"; name: string };

export type Phase =
  | { step: "idle" }
  | { step: "downloading"; source: Source; bytes: number }
  | { step: "reading"; source: Source; bytes: number }
  | { step: "checking"; source: Source; checked: number; total: number }
  | { step: "done"; source: Source; outcome: Outcome; bytes: number }
  | { step: "error"; source: Source; error: unknown };

/** A chosen file's bytes (FileReader: what every browser, and the test DOM, offers). */
function readBytes(file: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsArrayBuffer(file);
  });
}

export function useVerification() {
  const [phase, setPhase] = useState<Phase>({ step: "idle" });
  const current = useRef<AbortController | null>(null);

  useEffect(() => () => current.current?.abort(), []);

  const run = useCallback(async (source: Source, load: (signal: AbortSignal, onBytes: (n: number) => void) => Promise<string>) => {
    current.current?.abort();
    const stop = new AbortController();
    current.current = stop;
    const live = () => !stop.signal.aborted;
    try {
      setPhase({ step: "downloading", source, bytes: 0 });
      let text: string;
      let bytes = 0;
      try {
        text = await load(stop.signal, (n) => {
          bytes = n;
          if (live()) setPhase({ step: "downloading", source, bytes: n });
        });
      } catch (e) {
        // Only the decoder throws a TypeError here: the bytes are not UTF-8.
        if (e instanceof TypeError && /decode|encoded/i.test(e.message)) {
          throw new NotALedgerExport("the file is not UTF-8 text");
        }
        throw e;
      }
      if (!live()) return;
      setPhase({ step: "reading", source, bytes });
      // Let the "reading" state paint before a large JSON.parse holds the thread.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const file = parseLedgerExport(text);
      const outcome = await verifyLedger(file, {
        signal: stop.signal,
        onProgress: (checked, total) => live() && setPhase({ step: "checking", source, checked, total }),
      });
      if (live()) setPhase({ step: "done", source, outcome, bytes });
    } catch (error) {
      if (live()) setPhase({ step: "error", source, error });
    }
  }, []);

  const verifyServer = useCallback(
    () => run({ kind: "server" }, (signal, onBytes) => downloadLedger(onBytes, signal)),
    [run],
  );

  const verifyFile = useCallback(
    (file: File) =>
      run({ kind: "file", name: file.name }, async (_signal, onBytes) => {
        const buffer = await readBytes(file);
        onBytes(buffer.byteLength);
        return utf8Decoder().decode(buffer);
      }),
    [run],
  );

  const busy = phase.step === "downloading" || phase.step === "reading" || phase.step === "checking";
  return { phase, busy, verifyServer, verifyFile };
}
