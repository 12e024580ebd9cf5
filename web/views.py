from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse


@login_not_required
def health(request):
    """For load balancers and monitoring: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
