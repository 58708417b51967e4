import { createServer, type Http2Session, type ServerHttp2Stream } from "node:http2";
import type { AddressInfo } from "node:net";

/** A running loopback gRPC server. */
export interface GrpcTarget {
  /** `127.0.0.1:<port>`, what k6's `client.connect()` takes. */
  address: string;
  /** Calls answered, by method path (`/corpus.Greeter/SayHello`). */
  calls: Record<string, number>;
  close(): Promise<void>;
}

/** The first length-delimited field 1 of a protobuf message (a `string` field 1), or "" when absent. */
export function readStringField1(message: Buffer): string {
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; at < message.length; shift += 7) {
      const byte = message[at++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    return value;
  };
  while (at < message.length) {
    const key = varint();
    const wire = key & 7;
    if (wire === 2) {
      const length = varint();
      const bytes = message.subarray(at, at + length);
      at += length;
      if (key >> 3 === 1) return bytes.toString("utf8");
    } else if (wire === 0) varint();
    else return "";
  }
  return "";
}

/** A protobuf message with one `string` field 1, framed for gRPC (no compression, 4-byte length). */
export function grpcFrame(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const length: number[] = [];
  let n = bytes.length;
  do {
    length.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  const message = Buffer.concat([Buffer.from([0x0a, ...length]), bytes]);
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

/**
 * Starts a plaintext HTTP/2 gRPC server on 127.0.0.1 whose unary methods take and return a message
 * with one string field 1: `answer(method, text)` gives the reply, or undefined for UNIMPLEMENTED.
 * Enough to call from k6's `k6/net/grpc` client without a gRPC library.
 */
export async function startGrpcTarget(answer: (method: string, text: string) => string | undefined): Promise<GrpcTarget> {
  const calls: Record<string, number> = {};
  const sessions = new Set<Http2Session>();
  const server = createServer();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("stream", (stream: ServerHttp2Stream, headers) => {
    const method = String(headers[":path"]);
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const body = Buffer.concat(chunks);
      const reply = answer(method, readStringField1(body.subarray(5, 5 + (body.length >= 5 ? body.readUInt32BE(1) : 0))));
      calls[method] = (calls[method] ?? 0) + 1;
      stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
      stream.on("wantTrailers", () =>
        stream.sendTrailers(reply === undefined ? { "grpc-status": "12", "grpc-message": `no method ${method}` } : { "grpc-status": "0" }),
      );
      stream.end(reply === undefined ? undefined : grpcFrame(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
