from django.http import JsonResponse
from django.utils.translation import gettext as _


class JsonErrorsForApiMiddleware:
    """Answers under /api/ are JSON {"detail", "code"}, also the ones Django itself
    makes: an unknown path (404) and a method the endpoint does not take (405)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 404:
            body = {"detail": _("Not found."), "code": "not_found"}
        else:
            body = {"detail": _("The method is not allowed here."), "code": "method_not_allowed"}
        json_response = JsonResponse(body, status=response.status_code)
        if "Allow" in response:
            json_response["Allow"] = response["Allow"]
        return json_response
