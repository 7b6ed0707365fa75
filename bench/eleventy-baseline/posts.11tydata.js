export default { layout: "post.njk", permalink: "/{{ page.date | readableDate | replace('-', '/') }}/{{ page.fileSlug }}/" };
