# uwsgi entry of the sandbox's Placement (config from OS_PLACEMENT_CONFIG_DIR).
from placement.wsgi import init_application

application = init_application()
