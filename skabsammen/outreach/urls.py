from . import campaign_urls, result_urls

app_name = "outreach"
urlpatterns = campaign_urls.patterns + result_urls.patterns
