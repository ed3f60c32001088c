//! `GET /api/openapi.json`: the OpenAPI document, generated from the handlers' annotations and
//! the wire types of `meetcute-domain`.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Meetcute API", description = "Video-first dating: see shared/design/API.md"),
    paths(
        super::auth::register, super::auth::login, super::auth::logout,
        super::profile::show, super::profile::update,
        super::matches::list, super::matches::discover, super::matches::decide,
        super::matches::unmatch, super::matches::block, super::matches::report,
        super::video::start_call, super::video::accept, super::video::decline, super::video::end,
        super::video::history,
        super::sync::sync,
        super::availability::show, super::availability::update, super::availability::calls_allowed,
        super::call_requests::propose, super::call_requests::list, super::call_requests::accept,
        super::call_requests::decline, super::call_requests::cancel,
    ),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build();
        components.add_security_scheme("bearer", SecurityScheme::Http(bearer));
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
