import { type JetStreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { z } from "zod";
import type { PublishedEvent } from "./subscriber.ts";

export interface NatsSettings {
  /** nats:// URLs of one cluster. */
  servers: string[];
  /** The JetStream stream holding every event, e.g. CARTWRIGHT. */
  stream: string;
  /** Subjects are `<prefix>.<event type>`, e.g. cartwright.order.placed. */
  subjectPrefix: string;
}

/**
 * How long the broker remembers message ids to drop a republished event. Republishing happens
 * when a dispatcher dies between the broker's ack and marking the row, and the lease (30 s)
 * expires first; later duplicates still reach consumers, which deduplicate by event id.
 */
const duplicateWindowMs = 10 * 60_000;

export function subjectFor(settings: NatsSettings, eventType: string): string {
  return `${settings.subjectPrefix}.${eventType}`;
}

/**
 * Creates the stream when it does not exist. An existing stream is left as the operator set it
 * (retention, replicas, limits): only its name and subjects are Cartwright's contract.
 */
export async function ensureStream(jsm: JetStreamManager, settings: NatsSettings): Promise<void> {
  try {
    await jsm.streams.info(settings.stream);
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    await jsm.streams.add({
      name: settings.stream,
      subjects: [`${settings.subjectPrefix}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(duplicateWindowMs),
    });
  } catch (err) {
    // Another replica created it at the same moment: fine as long as it now exists.
    await jsm.streams.info(settings.stream).catch(() => {
      throw err;
    });
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && /not found/i.test(err.message);
}

const wireEvent = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  aggregateId: z.string(),
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
});

export function encodeEvent(event: PublishedEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    aggregateId: event.aggregateId,
    payload: event.payload,
    occurredAt: event.occurredAt.toISOString(),
  });
}

/** Parses a message body back into an event; throws on anything Cartwright did not write. */
export function decodeEvent(body: string): PublishedEvent {
  return wireEvent.parse(JSON.parse(body));
}
