//! The favicon: which icon files every page's `<head>` links, and whether the theme's own
//! icons are published. The theme ships `favicon.svg`, a 32×32 `favicon.png` fallback and
//! a 180×180 `apple-touch-icon.png` in its `static/`. Any of `favicon.svg`, `favicon.png`,
//! `favicon.ico` or `apple-touch-icon.png` in the site's `static/` replaces that set as a
//! whole: a site with a mark of its own must not show the theme's in a tab or on a
//! phone's home screen. Copying the files is `site_files`' job; this only decides.

use crate::render::IconView;
use std::path::Path;

/// The theme's icons, in the order the head links them.
const THEME_ICONS: [&str; 3] = ["favicon.png", "favicon.svg", "apple-touch-icon.png"];

/// The icons a site may bring, in the order the head links them: the SVG after the
/// bitmaps, since browsers that read SVG take the last icon that suits them.
const SITE_ICONS: [&str; 4] = [
    "favicon.ico",
    "favicon.png",
    "favicon.svg",
    "apple-touch-icon.png",
];

/// The icons of a build.
#[derive(Debug)]
pub(super) struct Favicons {
    /// The site brings icons of its own: the theme's are neither linked nor published.
    own: bool,
    pub(super) links: Vec<IconView>,
}

impl Favicons {
    /// Looks for icons of the site's own in `ROOT/static/`.
    pub(super) fn find(root: &Path) -> Favicons {
        let dir = root.join("static");
        Favicons::choose(|name| dir.join(name).is_file())
    }

    /// The icons to link, given which icon files the site's `static/` holds.
    fn choose(site_has: impl Fn(&str) -> bool) -> Favicons {
        let own: Vec<&str> = SITE_ICONS.into_iter().filter(|n| site_has(n)).collect();
        if own.is_empty() {
            Favicons {
                own: false,
                links: THEME_ICONS.into_iter().map(|n| link(n, true)).collect(),
            }
        } else {
            Favicons {
                own: true,
                links: own.into_iter().map(|n| link(n, false)).collect(),
            }
        }
    }

    /// Whether the theme's static file `name` goes into the output.
    pub(super) fn publishes_theme_file(&self, name: &str) -> bool {
        !(self.own && THEME_ICONS.contains(&name))
    }
}

fn link(name: &str, theme: bool) -> IconView {
    let (rel, mime) = match name.rsplit_once('.').map_or("", |(_, ext)| ext) {
        _ if name == "apple-touch-icon.png" => ("apple-touch-icon", ""),
        "svg" => ("icon", "image/svg+xml"),
        "png" => ("icon", "image/png"),
        _ => ("icon", ""),
    };
    // Only the theme's bitmap is known to be 32×32; a site's may be any size.
    let sizes = if theme && name == "favicon.png" {
        "32x32"
    } else {
        ""
    };
    IconView {
        rel,
        href: format!("/{name}"),
        mime,
        sizes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hrefs(f: &Favicons) -> Vec<&str> {
        f.links.iter().map(|l| l.href.as_str()).collect()
    }

    #[test]
    fn without_icons_of_its_own_a_site_links_the_themes() {
        let f = Favicons::choose(|_| false);
        assert_eq!(
            hrefs(&f),
            ["/favicon.png", "/favicon.svg", "/apple-touch-icon.png"]
        );
        assert!(f.publishes_theme_file("favicon.svg"));
    }

    #[test]
    fn a_sites_ico_alone_replaces_every_theme_icon() {
        let f = Favicons::choose(|n| n == "favicon.ico");
        assert_eq!(hrefs(&f), ["/favicon.ico"]);
        assert_eq!((f.links[0].rel, f.links[0].mime), ("icon", ""));
        for name in THEME_ICONS {
            assert!(!f.publishes_theme_file(name), "{name}");
        }
        assert!(f.publishes_theme_file("kintsugi.css"));
    }

    #[test]
    fn a_sites_icons_are_linked_bitmaps_first() {
        let f = Favicons::choose(|n| n != "favicon.ico");
        assert_eq!(
            hrefs(&f),
            ["/favicon.png", "/favicon.svg", "/apple-touch-icon.png"]
        );
        assert_eq!(f.links[1].mime, "image/svg+xml");
        assert_eq!(f.links[2].rel, "apple-touch-icon");
        // A site's PNG may be any size: no `sizes` claimed for it.
        assert_eq!(f.links[0].sizes, "");
    }
}
