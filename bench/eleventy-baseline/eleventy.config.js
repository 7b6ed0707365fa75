// Plain Eleventy in the eleventy-base-blog pattern, for `npm run bench` only: Markdown files as
// templates (in posts/, copied from the corpus), tag collections, one page per tag, an index.
export default function (eleventyConfig) {
  eleventyConfig.addFilter("readableDate", (date) => date.toISOString().slice(0, 10));
  eleventyConfig.addCollection("posts", (api) => api.getFilteredByGlob("posts/**/*.md").sort((a, b) => b.date - a.date));
  eleventyConfig.addCollection("tagList", (api) => {
    const tags = new Set();
    for (const item of api.getAll()) for (const tag of item.data.tags ?? []) tags.add(tag);
    return [...tags].filter((tag) => tag !== "posts").sort();
  });
}

export const config = {
  markdownTemplateEngine: "njk",
  htmlTemplateEngine: "njk",
  dir: { input: ".", includes: "_includes", output: "_site" },
};
