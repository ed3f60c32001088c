//! An answer's body as it arrives: a compressed one (zstd or gzip) is decoded chunk by chunk,
//! while the server is still compressing the rest.

use crate::error::{CoreError, CoreResult};
use std::io::Write;

pub enum Body {
    Plain(Vec<u8>),
    Compressed {
        decoder: Box<dyn Decoder>,
        wire_bytes: usize,
    },
}

/// A streaming decoder that writes what it decodes into a `Vec`.
pub trait Decoder: Write + Send {
    fn finish(self: Box<Self>) -> std::io::Result<Vec<u8>>;
}

impl Decoder for flate2::write::GzDecoder<Vec<u8>> {
    fn finish(self: Box<Self>) -> std::io::Result<Vec<u8>> {
        (*self).finish()
    }
}

impl Decoder for zstd::stream::write::Decoder<'static, Vec<u8>> {
    fn finish(mut self: Box<Self>) -> std::io::Result<Vec<u8>> {
        self.flush()?;
        Ok(self.into_inner())
    }
}

impl Body {
    /// For an answer with this `Content-Encoding` (none: as it is).
    pub fn new(encoding: Option<&[u8]>) -> CoreResult<Self> {
        let decoder: Box<dyn Decoder> = match encoding {
            None | Some(b"identity") => return Ok(Self::Plain(Vec::new())),
            Some(b"gzip") => Box::new(flate2::write::GzDecoder::new(Vec::new())),
            Some(b"zstd") => Box::new(zstd::stream::write::Decoder::new(Vec::new()).map_err(bad)?),
            Some(other) => {
                return Err(CoreError::BadResponse(format!(
                    "unexpected content encoding {}",
                    String::from_utf8_lossy(other)
                )));
            }
        };
        Ok(Self::Compressed {
            decoder,
            wire_bytes: 0,
        })
    }

    pub fn push(&mut self, chunk: &[u8]) -> CoreResult<()> {
        match self {
            Self::Plain(body) => body.extend_from_slice(chunk),
            Self::Compressed {
                decoder,
                wire_bytes,
            } => {
                *wire_bytes += chunk.len();
                decoder.write_all(chunk).map_err(bad)?;
            }
        }
        Ok(())
    }

    /// The body and how many bytes it took on the wire.
    pub fn finish(self) -> CoreResult<(Vec<u8>, usize)> {
        match self {
            Self::Plain(body) => {
                let wire_bytes = body.len();
                Ok((body, wire_bytes))
            }
            Self::Compressed {
                decoder,
                wire_bytes,
            } => Ok((decoder.finish().map_err(bad)?, wire_bytes)),
        }
    }
}

fn bad(e: std::io::Error) -> CoreError {
    CoreError::BadResponse(format!("compressed body: {e}"))
}
