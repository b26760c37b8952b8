// The part of unzipper (https://github.com/ZJONSSON/node-unzipper) szcheck uses: a zip's
// directory, and its local entries read in order (what exceljs's streaming reader reads).
declare module "unzipper" {
  import type { Duplex, Readable } from "node:stream";
  export interface Entry {
    path: string;
    type: "File" | "Directory";
    uncompressedSize: number;
    buffer(): Promise<Buffer>;
    stream(): Readable;
  }
  export interface Directory {
    files: Entry[];
  }
  export interface ParsedEntry extends Readable {
    path: string;
    vars: { uncompressedSize: number };
  }
  const unzipper: {
    Open: { file(path: string): Promise<Directory> };
    Parse(options: { forceStream: true }): Duplex;
  };
  export default unzipper;
}
