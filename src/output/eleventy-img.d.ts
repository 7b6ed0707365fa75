// The part of @11ty/eleventy-img (which ships no types) that src/output/images.ts uses.
declare module "@11ty/eleventy-img" {
  interface Variant {
    format: string;
    width: number;
    height: number;
    url: string;
    filename: string;
    outputPath: string;
  }
  type Metadata = Record<string, Variant[]>;
  interface Options {
    widths: (number | "auto")[];
    formats: string[];
    outputDir: string;
    urlPath: string;
    filenameFormat: (id: string, src: string, width: number, format: string) => string;
    sharpAvifOptions?: Record<string, unknown>;
  }
  interface ImageFunction {
    (src: string, options: Options): Promise<Metadata>;
  }
  const Image: ImageFunction;
  export default Image;
}
