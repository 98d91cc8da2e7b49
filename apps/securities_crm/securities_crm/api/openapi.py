def view(request):
    raise NotImplementedError
