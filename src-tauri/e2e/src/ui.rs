//! The real app under WebDriver: tauri-driver (port 4444 unless `TAURI_DRIVER_URL`) starts the
//! app with our arguments; helpers find, click, type, wait for text and take screenshots.

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a step may take before the test fails (a first call cap of a few seconds fits).
pub const STEP: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);

pub struct Ui {
    client: Client,
    shots: PathBuf,
}

impl Ui {
    /// Starts `app` with `args` through tauri-driver.
    pub async fn launch(app: &Path, args: &[String], shots: PathBuf) -> anyhow::Result<Self> {
        let driver = std::env::var("TAURI_DRIVER_URL")
            .unwrap_or_else(|_| "http://127.0.0.1:4444".to_owned());
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app, "args": args }),
        );
        // WebDriver is plain HTTP on loopback: no TLS stack needed.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver)
            .await
            .with_context(|| format!("no WebDriver session at {driver}"))?;
        std::fs::create_dir_all(&shots)?;
        Ok(Self { client, shots })
    }

    /// Runs `script` (a function body) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// The text of the first element matching `css`, if any.
    pub async fn text(&self, css: &str) -> anyhow::Result<Option<String>> {
        let value = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                vec![json!(css)],
            )
            .await?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// Waits until an element matching `css` contains `expected`.
    pub async fn wait_text(&self, css: &str, expected: &str) -> anyhow::Result<()> {
        self.wait_text_within(css, expected, STEP).await
    }

    /// [`Self::wait_text`] for something due later than a step (a reminder's time).
    pub async fn wait_text_within(
        &self,
        css: &str,
        expected: &str,
        within: Duration,
    ) -> anyhow::Result<()> {
        let started = Instant::now();
        let mut last = None;
        while started.elapsed() < within {
            let found = self
                .js(
                    "return [...document.querySelectorAll(arguments[0])].some(e => e.textContent.includes(arguments[1]));",
                    vec![json!(css), json!(expected)],
                )
                .await?;
            if found == json!(true) {
                return Ok(());
            }
            last = self.text(css).await?;
            tokio::time::sleep(POLL).await;
        }
        bail!("{css:?} never showed {expected:?} (last: {last:?})")
    }

    /// Waits until the page has an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> anyhow::Result<()> {
        self.client
            .wait()
            .at_most(STEP)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element {css:?}"))?;
        Ok(())
    }

    /// Waits until no element matches `css` (a modal closed).
    pub async fn wait_gone(&self, css: &str) -> anyhow::Result<()> {
        let started = Instant::now();
        while started.elapsed() < STEP {
            let present = self
                .js(
                    "return document.querySelector(arguments[0]) !== null;",
                    vec![json!(css)],
                )
                .await?;
            if present == json!(false) {
                return Ok(());
            }
            tokio::time::sleep(POLL).await;
        }
        bail!("{css:?} is still on screen")
    }

    /// Clicks the enabled button whose text is exactly `label` (optionally inside `scope`).
    pub async fn click_button(&self, scope: &str, label: &str) -> anyhow::Result<()> {
        let xpath = format!(
            "{scope}//button[normalize-space(.)={}]",
            xpath_literal(label)
        );
        self.click_when_enabled(Locator::XPath(&xpath), &format!("button {label:?}"))
            .await
    }

    /// Clicks the first element matching `css` once it is enabled (a button known by its
    /// `data-testid` rather than its label, such as a proposed time).
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.click_when_enabled(Locator::Css(css), &format!("{css:?}"))
            .await
    }

    /// Waits for the element at `locator` (`what`, in errors) to exist and be enabled, then
    /// clicks it.
    async fn click_when_enabled(&self, locator: Locator<'_>, what: &str) -> anyhow::Result<()> {
        let element = self
            .client
            .wait()
            .at_most(STEP)
            .every(POLL)
            .for_element(locator)
            .await
            .with_context(|| format!("no {what}"))?;
        let started = Instant::now();
        while !element.is_enabled().await? {
            if started.elapsed() > STEP {
                bail!("{what} stays disabled");
            }
            tokio::time::sleep(POLL).await;
        }
        element.click().await?;
        Ok(())
    }

    /// Activates the button whose text is `label` from the keyboard (focus + Enter).
    pub async fn press_button(&self, scope: &str, label: &str) -> anyhow::Result<()> {
        let xpath = format!(
            "{scope}//button[normalize-space(.)={}]",
            xpath_literal(label)
        );
        let button = self
            .client
            .wait()
            .at_most(STEP)
            .every(POLL)
            .for_element(Locator::XPath(&xpath))
            .await
            .with_context(|| format!("no button {label:?}"))?;
        button
            .send_keys(&fantoccini::key::Key::Enter.to_string())
            .await?;
        Ok(())
    }

    pub async fn type_into(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let field = self.client.find(Locator::Css(css)).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Sets a field's value the way typing ends (an `input` event): for inputs such as dates,
    /// whose keyboard entry depends on the webview's locale.
    pub async fn set_value(&self, css: &str, value: &str) -> anyhow::Result<()> {
        self.js(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
             e.dispatchEvent(new InputEvent('input', { bubbles: true })); return e.value;",
            vec![json!(css), json!(value)],
        )
        .await?
        .as_str()
        .filter(|set| *set == value)
        .with_context(|| format!("{css:?} did not take {value:?}"))?;
        Ok(())
    }

    /// Saves a screenshot of the window as `<shots>/<name>.png`.
    pub async fn shot(&self, name: &str) -> anyhow::Result<PathBuf> {
        // Let the last change paint.
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.paint_soon().await?;
        let png = self.client.screenshot().await?;
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        tracing::info!(path = %path.display(), "screenshot");
        Ok(path)
    }

    /// Makes the page paint a frame shortly. Without its DMA-BUF renderer (the app turns it off
    /// where there is no GPU, as under Xvfb: src-tauri/src/linux_rendering.rs) WebKitGTK takes
    /// a snapshot from the next frame it paints, and a page with nothing left to change never
    /// paints one: the screenshot would wait forever. A 1-pixel, nearly transparent mark for
    /// 200 ms is that frame.
    async fn paint_soon(&self) -> anyhow::Result<()> {
        self.js(
            "setTimeout(() => {
               const mark = document.createElement('div');
               mark.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;background:rgba(0,0,0,0.02);pointer-events:none';
               document.body.appendChild(mark);
               setTimeout(() => mark.remove(), 200);
             }, 50);
             return null;",
            vec![],
        )
        .await?;
        Ok(())
    }

    /// Saves a screenshot of the first element matching `css` as `<shots>/<name>.png` and
    /// returns its PNG bytes.
    pub async fn element_shot(&self, css: &str, name: &str) -> anyhow::Result<Vec<u8>> {
        let element = self.client.find(Locator::Css(css)).await?;
        self.paint_soon().await?;
        let png = element.screenshot().await?;
        std::fs::write(self.shots.join(format!("{name}.png")), &png)?;
        Ok(png)
    }

    /// The attribute `name` of the first element matching `css`.
    pub async fn attribute(&self, css: &str, name: &str) -> anyhow::Result<Option<String>> {
        let value = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                vec![json!(css), json!(name)],
            )
            .await?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// Saves the page's HTML as `<shots>/<name>.html` (to read after a failure).
    pub async fn dump_html(&self, name: &str) -> anyhow::Result<PathBuf> {
        let html = self
            .js("return document.documentElement.outerHTML;", vec![])
            .await?;
        let path = self.shots.join(format!("{name}.html"));
        std::fs::write(&path, html.as_str().unwrap_or_default())?;
        Ok(path)
    }

    /// Ends the session (tauri-driver stops the app).
    pub async fn close(self) -> anyhow::Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

/// An XPath string literal for any text (quotes included).
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}
