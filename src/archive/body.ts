/** An article's body as pages and feeds print it. Pure. */
import { bodyOf, type Article } from "../content/article.ts";
import { replaceImages } from "../content/markdown.ts";

/** The sanitised body with each of its photos (`![…](kremlin.jpg)`) as the <picture> the build made of it (src/output/images.ts). */
export function bodyWithPhotos(article: Pick<Article, "file" | "html" | "bodyImages">): string {
  const html = bodyOf(article);
  return article.bodyImages.length === 0 ? html : replaceImages(html, (src) => article.bodyImages.find((photo) => photo.src === src)?.picture);
}
