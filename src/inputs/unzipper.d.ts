// The part of unzipper (https://github.com/ZJONSSON/node-unzipper) szcheck uses: a zip's directory.
declare module "unzipper" {
  interface Entry {
    path: string;
    buffer(): Promise<Buffer>;
  }
  interface Directory {
    files: Entry[];
  }
  const unzipper: { Open: { file(path: string): Promise<Directory> } };
  export default unzipper;
}
